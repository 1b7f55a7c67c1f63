#!/usr/bin/env python3
"""Monthly cost estimate per component, from the Terraform tfvars of each environment.

  estimate.py                 print the Markdown tables for dev and prod
  estimate.py --check FILE    exit 1 if FILE (docs/cost.md) does not contain the current tables
  estimate.py --write FILE    replace the tables in FILE between the cost markers

Inputs: deploy/terraform/environments/<env>.tfvars (sizes and counts), prices-eu-west-1.json
(unit prices, date, sources) and assumptions.json (volumes Terraform does not fix).
"""
import json
import re
import sys
from pathlib import Path

import hcl2

HERE = Path(__file__).resolve().parent
TF = HERE.parent / "terraform"
P = json.loads((HERE / "prices-eu-west-1.json").read_text())
A = json.loads((HERE / "assumptions.json").read_text())
H = P["hours_per_month"]


def tfvars(env):
    with (TF / "environments" / f"{env}.tfvars").open() as f:
        raw = hcl2.load(f)
    # The parser wraps each top-level attribute value in a one-element list.
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v)
            for k, v in raw.items() if not k.startswith("__")}


def rows(env):
    v, a = tfvars(env), A[env]
    out = []

    def add(component, basis, usd):
        out.append((component, basis, usd))

    add("EKS control plane", "1 cluster x 730 h", P["eks_cluster_hourly"] * H)
    for name, g in v["node_groups"].items():
        itype = g["instance_types"][0]
        rate = P["ec2_hourly"][itype]
        spot = g["capacity_type"] == "SPOT"
        if spot:
            rate *= P["spot_fraction_of_on_demand"]
        n = g["desired_size"]
        add(f"EKS nodes `{name}`",
            f"{n} x {itype} {'spot (~35% of on-demand)' if spot else 'on-demand'}",
            n * rate * H * a["node_hours_fraction"])
        add(f"EKS node volumes `{name}`", f"{n} x {g['disk_size_gb']} GiB gp3",
            n * g["disk_size_gb"] * P["ebs_gp3_gb_month"])
    nats = 1 if v["single_nat_gateway"] else len(v["availability_zones"])
    add("NAT gateways", f"{nats} x 730 h + {a['nat_gb_month']} GB processed",
        nats * P["nat_gateway_hourly"] * H + a["nat_gb_month"] * P["nat_gateway_gb"])
    add("NAT public IPv4", f"{nats} address(es)", nats * P["public_ipv4_hourly"] * H)
    endpoints = 2  # glue, sts (modules/vpc default); the S3 gateway endpoint is free
    add("VPC interface endpoints", f"{endpoints} services x 3 AZs",
        endpoints * 3 * P["interface_endpoint_az_hourly"] * H)
    bt = v["msk_instance_type"]
    add("MSK brokers", f"{v['msk_broker_count']} x {bt}", v["msk_broker_count"] * P["msk_broker_hourly"][bt] * H)
    add("MSK storage", f"{v['msk_broker_count']} x {v['msk_ebs_volume_size_gb']} GiB",
        v["msk_broker_count"] * v["msk_ebs_volume_size_gb"] * P["msk_storage_gb_month"])
    az = 2 if v["rds_multi_az"] else 1
    rc = v["rds_instance_class"]
    add("RDS PostgreSQL instance", f"{rc}{' Multi-AZ' if az == 2 else ' single-AZ'}",
        az * P["rds_postgres_hourly_single_az"][rc] * H)
    add("RDS storage", f"{v['rds_allocated_storage_gb']} GiB gp3 x {az}",
        az * v["rds_allocated_storage_gb"] * P["rds_gp3_gb_month_single_az"])
    lake = a["lake_gb"]
    add("S3 data lake", ", ".join(f"{gb} GB {cls}" for cls, gb in lake.items() if gb),
        sum(gb * P["s3_gb_month"][cls] for cls, gb in lake.items()))
    add("KMS keys", "6 customer-managed keys", 6 * P["kms_key_month"])
    alarms = v["msk_broker_count"] + 5
    add("CloudWatch logs and alarms",
        f"{a['logs_ingest_gb_month']} GB ingested, {a['logs_stored_gb']} GB stored, {alarms} alarms",
        a["logs_ingest_gb_month"] * P["cloudwatch_logs_ingest_gb"]
        + a["logs_stored_gb"] * P["cloudwatch_logs_store_gb_month"] + alarms * P["cloudwatch_alarm_month"])
    add("ECR", f"{a['ecr_gb']} GB of images", a["ecr_gb"] * P["ecr_gb_month"])
    add("Secrets Manager", "RDS master secret", P["secret_month"])
    return out


def table(env):
    r = rows(env)
    lines = [f"| component ({env}) | basis | USD / month |", "|---|---|---:|"]
    lines += [f"| {c} | {b} | {u:,.2f} |" if u < 1 else f"| {c} | {b} | {u:,.0f} |" for c, b, u in r]
    lines.append(f"| **total** | | **{sum(u for _, _, u in r):,.0f}** |")
    return "\n".join(lines)


def render():
    return {env: table(env) for env in ("dev", "prod")}


def splice(text, tables):
    for env, t in tables.items():
        pattern = re.compile(rf"(<!-- cost:{env}:begin -->\n)(?:.*?\n)?(<!-- cost:{env}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"markers for {env} not found")
        text = pattern.sub(lambda m, t=t: m.group(1) + t + "\n" + m.group(2), text)
    return text


def main(argv):
    tables = render()
    if len(argv) == 3 and argv[1] in ("--check", "--write"):
        path = Path(argv[2])
        current = path.read_text()
        wanted = splice(current, tables)
        if argv[1] == "--write":
            path.write_text(wanted)
            return 0
        if current != wanted:
            print(f"{path} is out of date with the tfvars/prices: run deploy/cost/estimate.py --write {path}")
            return 1
        print(f"cost estimate: {path} matches the tfvars and prices")
        return 0
    for t in tables.values():
        print(t + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
