#!/usr/bin/env bash
# Source this: builds spark-jobs/ if its classes are missing and exports what a JVM or a PySpark session needs to
# open the lake the way spark-jobs does:
#   LAKEHOUSE_SPARK_CP         classpath of LakehouseJobs (classes + every dependency from ~/.m2)
#   LAKEHOUSE_SPARK_EXTRA_CP   the three pieces PySpark adds to its own Spark 3.5.7: spark-jobs' classes
#                              (LakeJdbcCatalog), the Iceberg Spark runtime and the SQLite driver
#   LAKEHOUSE_SPARK_JVM_FLAGS  the --add-opens flags of spark-jobs/pom.xml (Java 17)
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ ! -d "$_root/spark-jobs/target/classes/dev" ]; then
  echo "[spark_env] building spark-jobs" >&2
  (cd "$_root" && ./mvnw -B -q -f spark-jobs/pom.xml package -DskipTests) >&2
fi
if [ ! -s "$_root/spark-jobs/target/cp.txt" ]; then
  (cd "$_root/spark-jobs" && ../mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
    -Dmdep.includeScope=test) >&2
fi
_deps=$(cat "$_root/spark-jobs/target/cp.txt")
export LAKEHOUSE_SPARK_CP="$_root/spark-jobs/target/classes:$_deps"
LAKEHOUSE_SPARK_EXTRA_CP="$_root/spark-jobs/target/classes:$(tr ':' '\n' <<<"$_deps" \
  | grep -E '/(iceberg-spark-runtime-3\.5_2\.12|sqlite-jdbc)-[^/]*\.jar$' | paste -sd:)"
LAKEHOUSE_SPARK_JVM_FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$_root/spark-jobs/pom.xml")
export LAKEHOUSE_SPARK_EXTRA_CP LAKEHOUSE_SPARK_JVM_FLAGS
export SPARK_LOCAL_IP=127.0.0.1
unset _root _deps
