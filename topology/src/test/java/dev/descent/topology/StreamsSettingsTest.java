package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    /**
     * Kafka Streams' partition assignor checks the global exception-handler setting in a config
     * built from the main consumer's settings and logs a warning at every start without it there.
     */
    @Test
    void theMainConsumerCarriesTheGlobalExceptionHandlerSetting() {
        StreamsConfig config = new StreamsConfig(StreamsSettings.properties("app", "localhost:9092", true,
                Map.of()));
        Map<String, Object> consumer = config.getMainConsumerConfigs("app", "client", 0);
        assertEquals("true", String.valueOf(consumer.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)));
        assertEquals(true, config.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
    }
}
