#!/usr/bin/env bash
# Source this: builds spark-jobs/ when its sources changed and exports what a JVM or a PySpark session needs to
# open the lake the way spark-jobs does (classpath and flags from spark-jobs/jvm-env.sh, their one home):
#   LAKEHOUSE_SPARK_CP         classpath of LakehouseJobs (classes + every dependency from ~/.m2)
#   LAKEHOUSE_SPARK_EXTRA_CP   the three pieces PySpark adds to its own Spark 3.5.7: spark-jobs' classes
#                              (LakeJdbcCatalog), the Iceberg Spark runtime and the SQLite driver
#   LAKEHOUSE_SPARK_JVM_FLAGS  the flags of spark-jobs/jvm.options (Java 17 --add-opens)
# shellcheck source=spark-jobs/jvm-env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/spark-jobs/jvm-env.sh"
spark_jobs_build
LAKEHOUSE_SPARK_CP=$(spark_jobs_classpath)
export LAKEHOUSE_SPARK_CP
LAKEHOUSE_SPARK_EXTRA_CP="$SPARK_JOBS_HOME/target/classes:$(tr ':' '\n' <"$SPARK_JOBS_CLASSPATH_FILE" \
  | grep -E '/(iceberg-spark-runtime-3\.5_2\.12|sqlite-jdbc)-[^/]*\.jar$' | paste -sd:)"
export LAKEHOUSE_SPARK_EXTRA_CP
LAKEHOUSE_SPARK_JVM_FLAGS=$(spark_jobs_jvm_flags)
export LAKEHOUSE_SPARK_JVM_FLAGS
export SPARK_LOCAL_IP=127.0.0.1
