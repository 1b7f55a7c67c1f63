"""terraform_lint.py must pass on deploy/terraform and fail on each kind of mistake it claims to catch."""
import re
import shutil
import tempfile
import unittest
from pathlib import Path

import terraform_lint

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "deploy" / "terraform"
# Read by the root module (and the lint) at these paths relative to it.
HOMES = ("contracts/lake-contract.json", "dbt/dbt_project.yml")


class TerraformLintTest(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "deploy" / "terraform"
        shutil.copytree(SOURCE, self.root, ignore=shutil.ignore_patterns(".terraform*"))
        for home in HOMES:
            (self.tmp / home).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / home, self.tmp / home)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, rel, pattern, replacement, base=None):
        path = (base or self.root) / rel
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

    # Iceberg's Glue catalog keeps namespace N in the Glue database N: any other name leaves the streams and dbt
    # without their databases (and without IAM grants on the ones they use).

    def assert_databases_differ(self):
        self.assertTrue(any("Terraform creates the Glue databases" in p or "must be named each.key" in p
                            or "must be `for ns in local.X" in p or "is not read from" in p
                            for p in self.problems()), self.problems())

    def test_database_names_with_a_prefix(self):
        self.edit("modules/glue/main.tf", r"name *= each\.key", 'name = "lakehouse_${each.key}"')
        self.assertTrue(any("must be named each.key" in p for p in self.problems()))

    def test_databases_from_a_literal_list(self):
        self.edit("main.tf", r"for ns in local\.dbt_namespaces :", 'for ns in ["staging", "core", "marts"] :')
        self.assert_databases_differ()

    def test_a_database_beside_the_namespaces(self):
        self.edit("main.tf", r"(\{ for ns in local\.dbt_namespaces : [^\n]*\},)", r'\1\n    { scratch = "s3://x/" },')
        self.assertTrue(any("must be `for ns in local.X : ns => location` expressions only" in p
                            for p in self.problems()), self.problems())

    def test_grants_on_other_databases(self):
        self.edit("main.tf", r"lake_databases *= local\.lake_namespaces", 'lake_databases = ["silver"]')
        problems = self.problems()
        self.assertTrue(any("module iam lake_databases must be one of the namespace lists" in p for p in problems))
        self.assertTrue(any("no module is granted the Glue databases of local.lake_namespaces" in p
                            for p in problems), problems)

    def test_dbt_namespaces_left_out(self):
        self.edit("main.tf", r'\n *\{ for ns in local\.dbt_namespaces : [^\n]*', "")
        self.assertTrue(any("Terraform creates the Glue databases ['bronze', 'gold', 'silver']" in p
                            for p in self.problems()), self.problems())

    def test_a_local_not_read_from_the_contract(self):
        self.edit("main.tf", r"lake_namespaces = local\.lake_contract\.namespaces",
                  'lake_namespaces = ["bronze", "silver", "gold"]')
        self.assertTrue(any("local.lake_namespaces is not read from" in p for p in self.problems()))

    def test_contract_read_from_another_file(self):
        self.edit("main.tf", r"contracts/lake-contract\.json", "contracts/old-contract.json")
        self.assertTrue(any("local.lake_namespaces is not read from" in p for p in self.problems()))

    def test_a_contract_namespace_without_its_bucket(self):
        # A new namespace in the contract becomes a database at once; its bucket is a lake_retention key.
        self.edit("contracts/lake-contract.json", r'"namespaces": \["bronze"', '"namespaces": ["audit", "bronze"',
                  base=self.tmp)
        self.assertTrue(any("lake_retention has no audit" in p for p in self.problems()))

    def test_a_dbt_namespace_that_is_a_contract_namespace(self):
        self.edit("dbt/dbt_project.yml", r"\+schema: marts", "+schema: gold", base=self.tmp)
        self.assertTrue(any("dbt namespace gold is also a contract namespace" in p for p in self.problems()))


if __name__ == "__main__":
    unittest.main()
