package dev.lakehouse.spark.config;

/** A configuration the jobs cannot run with; its message tells the user what to change. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
