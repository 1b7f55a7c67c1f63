"""Where things are, local vs AWS: every setting comes from the environment, with local defaults."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
SPARK_ENV_SCRIPT = REPO_ROOT / "orchestration" / "scripts" / "spark_env.sh"


@dataclass(frozen=True)
class Settings:
    """LAKEHOUSE_MODE=local (embedded catalog under LAKEHOUSE_DATA_DIR) or aws (Glue catalog, S3); Spark runs in this
    process in both (dbt-spark's session method and the quality checks), see docs/warehouse.md."""

    mode: str
    data_dir: Path
    gx_dir: Path
    dbt_target: str
    aws_region: str
    glue_catalog_id: str

    @staticmethod
    def from_env() -> Settings:
        mode = os.environ.get("LAKEHOUSE_MODE", "local")
        if mode not in ("local", "aws"):
            raise ValueError(f"LAKEHOUSE_MODE must be local or aws, not {mode!r}")
        data_dir = Path(os.environ.get("LAKEHOUSE_DATA_DIR", REPO_ROOT / ".lakehouse-data")).resolve()
        return Settings(
            mode=mode,
            data_dir=data_dir,
            gx_dir=Path(os.environ.get("LAKEHOUSE_GX_DIR", REPO_ROOT / "orchestration" / "target" / "gx")).resolve(),
            dbt_target=os.environ.get("DBT_TARGET", mode),
            aws_region=os.environ.get("AWS_REGION", "eu-central-1"),
            glue_catalog_id=os.environ.get("LAKEHOUSE_GLUE_CATALOG_ID", ""),
        )


@cache
def spark_env() -> dict[str, str]:
    """The variables spark_env.sh exports (classpath from spark-jobs/, JVM flags); builds spark-jobs if needed."""
    names = ("LAKEHOUSE_SPARK_CP", "LAKEHOUSE_SPARK_EXTRA_CP", "LAKEHOUSE_SPARK_JVM_FLAGS", "SPARK_LOCAL_IP")
    script = f'source "{SPARK_ENV_SCRIPT}" >&2 && ' + " && ".join(f'printf "%s\\0" "${n}"' for n in names)
    out = subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True).stdout
    return dict(zip(names, out.split("\0")[: len(names)], strict=True))


def dbt_env(settings: Settings) -> dict[str, str]:
    """Environment of a dbt process: the profile reads the data dir and the Spark classpath from it. On AWS the
    deployment's image sets the classpath (LAKEHOUSE_SPARK_EXTRA_CP: the Iceberg Spark runtime and iceberg-aws-bundle);
    locally spark_env.sh derives it from spark-jobs/."""
    env = {"LAKEHOUSE_DATA_DIR": str(settings.data_dir), "DBT_TARGET": settings.dbt_target}
    if settings.mode == "local":
        env.update(spark_env())
    return env
