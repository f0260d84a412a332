package dev.descent.cli;

import dev.descent.UserException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka client properties passed through from the command line: a properties file, then
 * {@code -D key=value} pairs, which win. Security settings (SASL, TLS) travel this way.
 */
public final class KafkaOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Kafka client properties file (security etc.).")
    private Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A Kafka client property; repeatable, wins over --config.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The merged properties. */
    public Map<String, String> asMap() {
        Map<String, String> merged = new LinkedHashMap<>();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new UserException("config file not found: " + configFile);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(configFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new UserException("cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
        }
        merged.putAll(properties);
        return merged;
    }
}
