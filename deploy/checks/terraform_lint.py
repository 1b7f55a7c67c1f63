#!/usr/bin/env python3
"""Offline checks of deploy/terraform that need no provider download.

`terraform validate` needs the providers, which cannot be fetched here, so this script covers
what it can without them:
  * every .tf / .tfvars file parses as HCL2;
  * every variable has a type and a description, every output a description;
  * every module call passes only variables the module declares and all that it requires;
  * every `module.X.Y` reference names an output that module X has;
  * every `var.X` reference names a declared variable;
  * each env's terraform.tfvars sets only declared variables and all required ones;
  * no hard-coded AWS account id (12 digits in an ARN) in any .tf file;
  * every CloudWatch alarm reads a metric, with dimensions, that a resource of this tree makes AWS publish
    (PUBLISHED below), so no alarm waits in INSUFFICIENT_DATA for a metric nothing sends;
  * the Glue databases are exactly the Iceberg namespaces of catalog `lake` (Iceberg's Glue catalog keeps
    namespace N in the Glue database N): those of contracts/lake-contract.json and those of
    dbt/dbt_project.yml, read by Terraform from those files, each contract namespace with its bucket, and the
    IAM module is granted exactly those lists of databases.
Exit status 1 with one line per problem; 0 when clean.
"""
import json
import re
import sys
from pathlib import Path

import hcl2
import yaml

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "terraform"
problems = []

# namespace -> (resource type that makes AWS publish it, add-on name or None, {metric: [dimension sets]}), from the
# AWS documentation of each namespace: MSK's DEFAULT monitoring level (published whatever enhanced_monitoring is),
# RDS instance metrics, and Container Insights, which only the amazon-cloudwatch-observability EKS add-on (its
# CloudWatch agent) publishes. An alarm on anything else fails until its publisher is added here and to the tree.
PUBLISHED = {
    "AWS/Kafka": ("aws_msk_cluster", None, {
        "ActiveControllerCount": [{"Cluster Name"}],
        "OfflinePartitionsCount": [{"Cluster Name"}],
        "GlobalPartitionCount": [{"Cluster Name"}],
        "KafkaDataLogsDiskUsed": [{"Cluster Name", "Broker ID"}],
    }),
    "AWS/RDS": ("aws_db_instance", None, {
        metric: [{"DBInstanceIdentifier"}]
        for metric in ("CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections")
    }),
    "ContainerInsights": ("aws_eks_addon", "amazon-cloudwatch-observability", {
        metric: [{"ClusterName"}, {"ClusterName", "NodeName", "InstanceId"}]
        for metric in ("node_cpu_utilization", "node_memory_utilization")
    } | {"cluster_failed_node_count": [{"ClusterName"}]}),
}


_parsed = {}  # file text -> parsed document: each rule reads the files again, the parser is the slow part


def load(path):
    text = path.read_text()
    if text not in _parsed:
        try:
            _parsed[text] = hcl2.loads(text)
        except Exception as e:  # the parser raises several types; report them all the same way
            problems.append(f"{path}: does not parse: {e}")
            return {}
    return _parsed[text]


def blocks(doc, kind):
    """[(name, body)] for `kind "name" {}` blocks."""
    out = []
    for item in doc.get(kind, []):
        for name, body in item.items():
            out.append((name, body))
    return out


def first(body, key):
    value = body.get(key)
    return value[0] if isinstance(value, list) and value else value


def read_dir(d):
    """Variables, outputs, module calls and raw text of one Terraform directory."""
    variables, outputs, modules, text = {}, {}, {}, ""
    for tf in sorted(d.glob("*.tf")):
        doc = load(tf)
        text += tf.read_text()
        for name, body in blocks(doc, "variable"):
            variables[name] = body
            if not first(body, "type"):
                problems.append(f"{tf}: variable {name} has no type")
            if not first(body, "description"):
                problems.append(f"{tf}: variable {name} has no description")
        for name, body in blocks(doc, "output"):
            outputs[name] = body
            if not first(body, "description"):
                problems.append(f"{tf}: output {name} has no description")
        for name, body in blocks(doc, "module"):
            modules[name] = body
    return variables, outputs, modules, text


def check_refs(d, text, variables, modules, module_outputs):
    for name in sorted(set(re.findall(r"\bvar\.([A-Za-z_][\w-]*)", text))):
        if name not in variables:
            problems.append(f"{d}: var.{name} is not declared")
    for mod, out in sorted(set(re.findall(r"\bmodule\.([\w-]+)(?:\[\d+\])?\.([\w-]+)", text))):
        if mod not in modules:
            problems.append(f"{d}: module.{mod} is not declared")
        elif out not in module_outputs.get(mod, {}):
            problems.append(f"{d}: module.{mod} has no output {out}")


def check_alarms(tf_files):
    """Every aws_cloudwatch_metric_alarm names a metric of PUBLISHED whose publisher this tree declares."""
    declared, texts, alarms = set(), {}, []
    for tf in tf_files:
        for item in load(tf).get("resource", []):
            for kind, named in item.items():
                declared.add(kind)
                texts.setdefault(kind, "")
                texts[kind] += tf.read_text()
                if kind == "aws_cloudwatch_metric_alarm":
                    alarms += [(tf, name, body) for name, body in named.items()]
    for tf, name, body in alarms:
        where = f"{tf}: alarm {name}"
        namespace, metric = first(body, "namespace"), first(body, "metric_name")
        if namespace not in PUBLISHED or metric not in PUBLISHED[namespace][2]:
            problems.append(f"{where} reads {namespace} {metric}, which no resource here is known to publish")
            continue
        publisher, addon, metrics = PUBLISHED[namespace]
        if publisher not in declared or (addon and f'"{addon}"' not in texts[publisher]):
            problems.append(f"{where} reads {namespace} {metric}, but nothing here publishes it "
                            f"(needs {publisher}{' ' + addon if addon else ''})")
        dimensions = {k.strip('"') for k in (first(body, "dimensions") or {})}
        if dimensions not in metrics[metric]:
            problems.append(f"{where}: {namespace} {metric} is published with dimensions "
                            f"{' or '.join(str(sorted(d)) for d in metrics[metric])}, not {sorted(dimensions)}")
    return len(alarms)


# The homes of the namespace lists, relative to the root module (the repository is two levels up).
CONTRACT = "../../contracts/lake-contract.json"
DBT_PROJECT = "../../dbt/dbt_project.yml"


def namespace_homes(root):
    """(contract namespaces, dbt namespaces) read from their homes, independently of the Terraform code."""
    contract = json.loads((root / CONTRACT).read_text())["namespaces"]
    project = yaml.safe_load((root / DBT_PROJECT).read_text())
    dbt = [folder["+schema"] for folder in project["models"]["lakehouse_warehouse"].values()
           if isinstance(folder, dict) and "+schema" in folder]
    dbt.append(project["snapshots"]["lakehouse_warehouse"]["+target_schema"])
    return contract, dbt


def check_glue_databases(root, tf_files, root_locals, modules, environments):
    """The Glue databases Terraform creates are the namespaces of lake-contract.json and dbt_project.yml.

    Followed through the code: each aws_glue_catalog_database is named each.key over a module variable; the
    root module fills that variable from `for ns in local.X : ns => ...` expressions only; each local.X is
    read from a home file (jsondecode(file(...lake-contract.json)).namespaces, or dbt_project.yml's +schema
    and +target_schema). The names so created must equal the homes' lists, read here on their own."""
    try:
        contract, dbt = namespace_homes(root)
    except (OSError, KeyError, ValueError, yaml.YAMLError) as e:
        problems.append(f"{root}: cannot read the namespace lists ({CONTRACT}, {DBT_PROJECT}): {e}")
        return 0
    for ns in sorted(set(contract) & set(dbt)):
        problems.append(f"{DBT_PROJECT}: dbt namespace {ns} is also a contract namespace "
                        "(one Glue database, two owners)")

    glue_vars, seen = {}, 0  # module directory -> variable whose keys name the databases
    for tf in tf_files:
        for item in load(tf).get("resource", []):
            for name, body in item.get("aws_glue_catalog_database", {}).items():
                seen += 1
                var = re.fullmatch(r"\$\{var\.(\w+)\}", str(first(body, "for_each")))
                if first(body, "name") != "${each.key}" or not var:
                    problems.append(f"{tf}: aws_glue_catalog_database.{name} must be named each.key over a "
                                    "variable (the database of a namespace is named exactly as the namespace)")
                else:
                    glue_vars[str(tf.parent.resolve())] = var[1]
    if not seen:
        problems.append(f"{root}: no aws_glue_catalog_database (Iceberg's Glue catalog needs one per namespace)")

    created, looped = [], set()
    for mod, body in modules.items():
        var = glue_vars.get(str((root / first(body, "source")).resolve()))
        if var is None:
            continue
        expr = str(first(body, var))
        parts = top_level_args(expr)
        loop = re.compile(r"\{for (\w+) in local\.(\w+) : (\w+) => [^{}]*(\$\{[^{}]*\}[^{}]*)*\}")
        loops = [loop.fullmatch(p) for p in parts]
        if not loops or not all(loops) or any(m[1] != m[3] for m in loops):
            problems.append(f"{root}: module {mod} {var} must be `for ns in local.X : ns => location` "
                            f"expressions only, over namespace lists read from their homes; it is {expr}")
            continue
        for m in loops:
            looped.add(m[2])
            created += evaluate_namespaces(root, m[2], root_locals, contract, dbt)
    if sorted(created) != sorted(contract + dbt):
        problems.append(f"{root}: Terraform creates the Glue databases {sorted(created)}, the lake's namespaces "
                        f"are {sorted(contract + dbt)} ({CONTRACT}, {DBT_PROJECT})")
    databases = len(created)

    # The IAM grants (catalog, database/<name>, table/<name>/*) are given lists named *_databases: each must be one
    # of the lists the databases are made from, and together all of them, so every database has its grants.
    granted = set()
    for mod, body in modules.items():
        for arg in body:
            if arg.endswith("_databases"):
                used = re.fullmatch(r"\$\{local\.(\w+)\}", str(first(body, arg)))
                if not used or used[1] not in looped:
                    problems.append(f"{root}: module {mod} {arg} must be one of the namespace lists the Glue "
                                    f"databases are made from (local.{', local.'.join(sorted(looped))})")
                else:
                    granted.add(used[1])
    for local in sorted(looped - granted):
        problems.append(f"{root}: no module is granted the Glue databases of local.{local} (an argument *_databases)")

    # A contract namespace is a layer: its database's location is its own bucket, one per lake_retention key.
    for tfvars in environments:
        layers = load(tfvars).get("lake_retention", {})
        layers = layers[0] if isinstance(layers, list) and layers else layers
        for ns in contract:
            if ns not in layers:
                problems.append(f"{tfvars}: lake_retention has no {ns} (the bucket of the contract namespace {ns})")
    return databases


def top_level_args(expr):
    """The objects a `merge(a, b, ...)` (or a single object) is made of, as the parser prints them."""
    expr = expr[2:-1] if expr.startswith("${") and expr.endswith("}") else expr
    if not expr.startswith("merge(") or not expr.endswith(")"):
        return [expr]
    parts, depth, quoted, start = [], 0, False, len("merge(")
    for i, c in enumerate(expr[start:-1], start):
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "({[":
            depth += 1
        elif not quoted and c in ")}]":
            depth -= 1
        elif not quoted and c == "," and depth == 0:
            parts.append(expr[start:i].strip())
            start = i + 1
    parts.append(expr[start:-1].strip())
    return [p for p in parts if p]


def evaluate_namespaces(root, local, root_locals, contract, dbt):
    """The namespace list local.<local> holds, if it is read from one of the two homes; else a problem."""
    def reads(name, function, home):
        expr = str(first(root_locals, name) or "")
        path = re.fullmatch(function + r'\(file\("\$\{path\.module\}/([^"]+)"\)\)', expr.strip("${}"))
        return path is not None and (root / path[1]).resolve() == (root / home).resolve()

    expr = str(first(root_locals, local) or "")
    source = re.fullmatch(r"\$\{local\.(\w+)\.namespaces\}", expr)
    if source and reads(source[1], "jsondecode", CONTRACT):
        return list(contract)
    yaml_local = re.search(r"local\.(\w+)\.models\.lakehouse_warehouse", expr)
    if (yaml_local and reads(yaml_local[1], "yamldecode", DBT_PROJECT) and '"+schema"' in expr
            and f'local.{yaml_local[1]}.snapshots.lakehouse_warehouse["+target_schema"]' in expr):
        return list(dbt)
    problems.append(f"{root}: local.{local} is not read from {CONTRACT} (.namespaces) or {DBT_PROJECT} "
                    f"(+schema, +target_schema): {expr}")
    return []


def lint(root):
    """Every problem found under root (the root module, with modules/ and environments/), as strings."""
    problems.clear()
    ROOT = Path(root)
    tf_files = list(ROOT.rglob("*.tf"))
    if not tf_files:
        problems.append(f"{ROOT}: no .tf files")
    account_in_arn = re.compile(r"arn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:")
    for tf in tf_files:
        if account_in_arn.search(tf.read_text()):
            problems.append(f"{tf}: hard-coded account id in an ARN")

    alarms = check_alarms(sorted(tf_files))

    module_info = {}
    for d in sorted(p for p in (ROOT / "modules").iterdir() if p.is_dir()):
        variables, outputs, _, text = read_dir(d)
        module_info[str(d.resolve())] = (variables, outputs)
        for required in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
            if not (d / required).exists():
                problems.append(f"{d}: missing {required}")
        check_refs(d, text, variables, {}, {})

    # The root module (the .tf files in ROOT itself) composes the modules for every environment.
    variables, _, modules, text = read_dir(ROOT)
    module_outputs = {}
    for name, body in modules.items():
        src = (ROOT / first(body, "source")).resolve()
        if str(src) not in module_info:
            problems.append(f"{ROOT}: module {name} source {first(body, 'source')} is not a module here")
            continue
        mod_vars, mod_outs = module_info[str(src)]
        module_outputs[name] = mod_outs
        meta = {"source", "count", "for_each", "depends_on", "providers", "version"}
        args = {k for k in body if not k.startswith("__") and k not in meta}
        for a in sorted(args - set(mod_vars)):
            problems.append(f"{ROOT}: module {name} passes unknown variable {a}")
        for v, vbody in mod_vars.items():
            if "default" not in vbody and v not in args:
                problems.append(f"{ROOT}: module {name} does not set required variable {v}")
    check_refs(ROOT, text, variables, modules, module_outputs)
    if not (ROOT / "backend.tf").exists():
        problems.append(f"{ROOT}: no backend.tf (remote state)")

    # One variables file per environment, each with its backend settings example.
    environments = sorted((ROOT / "environments").glob("*.tfvars"))
    if not environments:
        problems.append(f"{ROOT}/environments: no <env>.tfvars")
    for tfvars in environments:
        values = {k: v for k, v in load(tfvars).items() if not k.startswith("__")}
        for k in sorted(set(values) - set(variables)):
            problems.append(f"{tfvars}: sets undeclared variable {k}")
        for v, vbody in variables.items():
            if "default" not in vbody and v not in values:
                problems.append(f"{tfvars}: required variable {v} not set")
        if values.get("environment") not in (tfvars.stem, [tfvars.stem]):  # the parser may wrap values in a list
            problems.append(f"{tfvars}: environment must be \"{tfvars.stem}\" (the file's name)")
        if not tfvars.with_name(f"{tfvars.stem}.backend.hcl.example").exists():
            problems.append(f"{tfvars}: no {tfvars.stem}.backend.hcl.example beside it (the state key per environment)")

    root_locals = {}
    for tf in sorted(ROOT.glob("*.tf")):
        for block in load(tf).get("locals", []):
            root_locals.update({k: v for k, v in block.items() if not k.startswith("__")})
    databases = check_glue_databases(ROOT, sorted(tf_files), root_locals, modules, environments)

    summary = (f"{len(tf_files) + len(list(ROOT.rglob('*.tfvars')))} files parsed, {len(module_info)} modules, "
               f"{len(environments)} environments, {alarms} alarms, {databases} Glue databases")
    return list(problems), summary


def main(argv):
    found, summary = lint(argv[1] if len(argv) > 1 else DEFAULT_ROOT)
    for p in found:
        print(f"  FAIL {p}")
    print(f"terraform lint: {summary}, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
