"""terraform_lint.py must pass on deploy/terraform and fail on each kind of mistake it claims to catch."""
import re
import shutil
import tempfile
import unittest
from pathlib import Path

import terraform_lint

SOURCE = Path(__file__).resolve().parents[1] / "terraform"


class TerraformLintTest(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "terraform"
        shutil.copytree(SOURCE, self.root, ignore=shutil.ignore_patterns(".terraform*"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, rel, pattern, replacement):
        path = self.root / rel
        text = path.read_text()
        new = re.sub(pattern, replacement, text, count=1)
        self.assertNotEqual(text, new, f"test set-up: {pattern!r} not found in {rel}")
        path.write_text(new)

    def problems(self):
        return terraform_lint.lint(self.root)[0]

    def test_the_real_tree_is_clean(self):
        self.assertEqual([], self.problems())

    def test_unknown_module_argument(self):
        self.edit("main.tf", r"force_destroy = var", "force_destroyy = var")
        self.assertTrue(any("unknown variable force_destroyy" in p for p in self.problems()))

    def test_missing_output_of_a_module(self):
        self.edit("main.tf", r"module\.msk\.cluster_uuid", "module.msk.cluster_uid")
        self.assertTrue(any("has no output cluster_uid" in p for p in self.problems()))

    def test_variable_without_description(self):
        self.edit("modules/vpc/variables.tf", r'\n  description = "[^"]*"', "")
        self.assertTrue(any("has no description" in p for p in self.problems()))

    def test_hard_coded_account_id(self):
        self.edit("modules/eks/main.tf", r"arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
                  "arn:aws:iam::123456789012:policy/Custom")
        self.assertTrue(any("hard-coded account id" in p for p in self.problems()))

    def test_undeclared_tfvars_entry(self):
        with (self.root / "environments/dev.tfvars").open("a") as f:
            f.write('\nmystery_setting = "x"\n')
        self.assertTrue(any("undeclared variable mystery_setting" in p for p in self.problems()))

    def test_environment_named_unlike_its_file(self):
        self.edit("environments/prod.tfvars", r'environment\s*=\s*"prod"', 'environment = "dev"')
        self.assertTrue(any('environment must be "prod"' in p for p in self.problems()))

    def test_unparsable_file(self):
        (self.root / "modules/kms/broken.tf").write_text('resource "x" "y" {\n')
        self.assertTrue(any("does not parse" in p for p in self.problems()))

    def test_alarm_on_a_metric_nobody_publishes(self):
        self.edit("modules/observability/main.tf", r'"node_cpu_utilization"', '"node_cpu_usage"')
        self.assertTrue(any("node_cpu_usage, which no resource here is known to publish" in p
                            for p in self.problems()))

    def test_alarm_whose_publisher_is_not_installed(self):
        # Without the Container Insights add-on, nothing publishes the EKS node alarm's metric.
        self.edit("modules/eks/main.tf", r'\n *"amazon-cloudwatch-observability" *= [^\n]*', "")
        self.assertTrue(any("nothing here publishes it (needs aws_eks_addon amazon-cloudwatch-observability)" in p
                            for p in self.problems()))

    def test_alarm_with_dimensions_the_metric_does_not_have(self):
        self.edit("modules/observability/main.tf", r'dimensions *= \{ "Cluster Name" = var.msk_cluster_name \}',
                  'dimensions = { ClusterName = var.msk_cluster_name }')
        self.assertTrue(any("is published with dimensions ['Cluster Name'], not ['ClusterName']" in p
                            for p in self.problems()))


if __name__ == "__main__":
    unittest.main()
