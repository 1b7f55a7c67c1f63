"""dbt's sources and Dagster's LAKE_TABLES against contracts/lake-contract.json (generated from the Java that
creates the tables): a table renamed or dropped in spark-jobs fails here, not in a nightly dbt run.
No fixture lake and no Dagster import needed."""

from pathlib import Path

import yaml

from lakehouse_orchestration.lake.contract import CONTRACT_FILE, lake_tables, load_contract

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "dbt" / "models").rglob("_sources.yml"))


def lake_sources() -> list[tuple[Path, str, dict]]:
    """(file, schema, table) for every dbt source table in a lake namespace."""
    namespaces = load_contract()["namespaces"]
    out = []
    for path in SOURCES:
        for source in yaml.safe_load(path.read_text())["sources"]:
            schema = source.get("schema", source["name"])
            if schema in namespaces:
                for table in source.get("tables", []):
                    # A source's loaded_at_field applies to each of its tables unless the table sets its own.
                    inherited = {"loaded_at_field": source["loaded_at_field"]} if "loaded_at_field" in source else {}
                    out.append((path, schema, inherited | table))
    return out


def test_the_contract_lists_every_layer_and_topic() -> None:
    contract = load_contract()
    assert CONTRACT_FILE.name == "lake-contract.json"
    assert contract["namespaces"] == ["bronze", "silver", "gold"]
    tables = lake_tables(contract)
    assert "events" in tables["bronze"] and "orders" in tables["silver"] and "revenue_per_minute" in tables["gold"]
    assert set(contract["topics"]["domains"]) == {"clickstream", "orders", "inventory", "customers", "catalog"}


def test_dagster_reads_its_lake_tables_from_the_contract() -> None:
    # assets.py imports Dagster, which this check must not need: its LAKE_TABLES line is read instead.
    assets = (ROOT / "orchestration" / "lakehouse_orchestration" / "lake" / "assets.py").read_text()
    assert "LAKE_TABLES: dict[str, list[str]] = lake_tables(load_contract())" in assets


def test_dbt_sources_name_only_tables_and_columns_of_the_contract() -> None:
    contract = load_contract()
    assert SOURCES, "no dbt _sources.yml found"
    checked = lake_sources()
    assert checked, "no dbt source reads a lake namespace"
    problems = []
    for path, schema, table in checked:
        tables = contract["tables"][schema]
        name = table["name"]
        where = f"{path.relative_to(ROOT)}: {schema}.{name}"
        if name not in tables:
            problems.append(f"{where} is not a table of the lake (contract: {sorted(tables)})")
            continue
        columns = {c["name"] for c in tables[name]["columns"]}
        for column in table.get("columns", []):
            if column["name"] not in columns:
                problems.append(f"{where}.{column['name']} is not a column of the table")
        if "loaded_at_field" in table and table["loaded_at_field"] not in columns:
            problems.append(f"{where} loaded_at_field {table['loaded_at_field']} is not a column of the table")
    assert not problems, "\n".join(problems)


def test_dbt_opens_the_embedded_catalog_the_programs_open() -> None:
    # The local profile's default URI is the contract's template with dbt's LAKEHOUSE_DATA_DIR in place of {data_dir}.
    before, after = load_contract()["embedded_catalog_uri"].split("{data_dir}")
    profile = (ROOT / "dbt" / "profiles.yml").read_text()
    assert f"'{before}' ~ env_var('LAKEHOUSE_DATA_DIR'" in profile, "dbt/profiles.yml: embedded catalog URI prefix"
    assert f"~ '{after}'" in profile, "dbt/profiles.yml: embedded catalog URI suffix"
