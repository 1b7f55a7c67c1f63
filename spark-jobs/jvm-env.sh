# shellcheck shell=bash
# Source this: the one home of how a local JVM runs spark-jobs, read by spark-jobs/lakehouse-jobs (and so by
# ./lakehouse run), orchestration/scripts/spark_env.sh (Dagster, dbt, orchestration's tests) and bench/spark/run.sh.
#   spark_jobs_build       builds spark-jobs and writes its runtime classpath when pom or sources changed
#   spark_jobs_classpath   prints target/classes + every compile-scope dependency (Spark included) from ~/.m2
#   spark_jobs_jvm_flags   prints the flags of spark-jobs/jvm.options on one line (surefire reads that file too)
# Nothing is printed to stdout but what a function returns: spark_env.sh's callers parse its environment.

SPARK_JOBS_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPARK_JOBS_CLASSPATH_FILE="$SPARK_JOBS_HOME/target/run-classpath.txt"

spark_jobs_build() {
  if [ -f "$SPARK_JOBS_CLASSPATH_FILE" ] && [ -d "$SPARK_JOBS_HOME/target/classes/dev" ] \
      && [ -z "$(find "$SPARK_JOBS_HOME/pom.xml" "$SPARK_JOBS_HOME/src/main" "$SPARK_JOBS_HOME/../src/main/avro" \
        "$SPARK_JOBS_HOME/../contracts/src/main" -newer "$SPARK_JOBS_CLASSPATH_FILE" -type f -print -quit)" ]; then
    return 0
  fi
  echo "spark-jobs: building (a first build fetches Spark from Maven Central; a few minutes)" >&2
  # 'compile' scope includes Spark itself, which the jar leaves to spark-submit ('provided').
  (cd "$SPARK_JOBS_HOME" && ../mvnw -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$SPARK_JOBS_CLASSPATH_FILE" -Dmdep.includeScope=compile) >&2 || return
  touch "$SPARK_JOBS_CLASSPATH_FILE" # the plugin leaves an unchanged file alone; its time marks this build
}

spark_jobs_classpath() {
  echo "$SPARK_JOBS_HOME/target/classes:$(cat "$SPARK_JOBS_CLASSPATH_FILE")"
}

spark_jobs_jvm_flags() {
  sed -e 's/#.*//' "$SPARK_JOBS_HOME/jvm.options" | xargs
}
