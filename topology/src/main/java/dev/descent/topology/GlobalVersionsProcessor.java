package dev.descent.topology;

import dev.descent.model.GlobalLearner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest global version of every learner from the models topic in the global store
 * that every partition's task reads to rebase its replicas. Snapshots that are not global learner
 * versions (a single-partition run writes plain learners there) and older versions are passed over.
 */
final class GlobalVersionsProcessor implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private KeyValueStore<String, byte[]> store;

    GlobalVersionsProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] value = record.value();
        if (record.key() == null || !GlobalLearner.isEncoded(value)) {
            return;
        }
        byte[] current = store.get(record.key());
        if (current == null || GlobalLearner.versionOf(current) < GlobalLearner.versionOf(value)) {
            store.put(record.key(), value);
        }
    }
}
