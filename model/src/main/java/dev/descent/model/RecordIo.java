package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Writes a record's components in declaration order and reads them back into a new record, so a
 * component kind or a state record needs no serialization code of its own. A component typed as
 * a {@link Component} interface is written as its {@link Component#kind()} then its own
 * components, and read back as the kind registered under that name in {@link Components}.
 * Doubles are raw bits, enums their names; arrays are bounded by {@link LearnerCodec#MAX_SIZE}.
 */
final class RecordIo {
    /**
     * Looked up once per record class: asking the class for its components on every call was most
     * of the cost of a learner snapshot (about 60% of a merge of a linear learner's delta).
     */
    private static final ClassValue<Layout> LAYOUTS = new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
            return Layout.of(type);
        }
    };

    private record Layout(Class<?>[] types, Method[] accessors, Constructor<?> constructor) {
        static Layout of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                accessors[i] = components[i].getAccessor();
            }
            try {
                return new Layout(types, accessors, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " cannot be rebuilt from its components", e);
            }
        }
    }

    private RecordIo() {
    }

    static void write(DataOutput out, Record record) throws IOException {
        Layout layout = LAYOUTS.get(record.getClass());
        for (int i = 0; i < layout.types.length; i++) {
            writeValue(out, layout.types[i], value(layout.accessors[i], record));
        }
    }

    static <R extends Record> R read(DataInput in, Class<R> type) throws IOException {
        Layout layout = LAYOUTS.get(type);
        Object[] values = new Object[layout.types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = readValue(in, layout.types[i]);
        }
        try {
            return type.cast(layout.constructor.newInstance(values));
        } catch (InvocationTargetException e) {
            throw new IOException("invalid " + type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " cannot be rebuilt from its components", e);
        }
    }

    private static Object value(Method accessor, Record record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }

    private static void writeValue(DataOutput out, Class<?> type, Object v) throws IOException {
        if (type == double.class) {
            StateIo.writeDouble(out, (double) v);
        } else if (type == long.class) {
            out.writeLong((long) v);
        } else if (type == int.class) {
            out.writeInt((int) v);
        } else if (type == boolean.class) {
            out.writeBoolean((boolean) v);
        } else if (type == String.class) {
            out.writeUTF((String) v);
        } else if (type.isEnum()) {
            out.writeUTF(((Enum<?>) v).name());
        } else if (type == int[].class) {
            int[] ints = (int[]) v;
            out.writeInt(ints.length);
            for (int i : ints) {
                out.writeInt(i);
            }
        } else if (type == double[].class) {
            double[] doubles = (double[]) v;
            out.writeInt(doubles == null ? -1 : doubles.length);
            if (doubles != null) {
                StateIo.writeDoubles(out, doubles);
            }
        } else if (Components.kindsOf(type) != null) {
            Component component = (Component) v;
            out.writeUTF(component.kind());
            write(out, (Record) component);
        } else if (type.isRecord()) {
            write(out, (Record) v);
        } else {
            throw new IllegalStateException("no binary form for " + type);
        }
    }

    private static Object readValue(DataInput in, Class<?> type) throws IOException {
        if (type == double.class) {
            return StateIo.readDouble(in);
        } else if (type == long.class) {
            return in.readLong();
        } else if (type == int.class) {
            return in.readInt();
        } else if (type == boolean.class) {
            return in.readBoolean();
        } else if (type == String.class) {
            return in.readUTF();
        } else if (type.isEnum()) {
            return enumValue(type, in.readUTF());
        } else if (type == int[].class) {
            int[] ints = new int[length(in.readInt())];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = in.readInt();
            }
            return ints;
        } else if (type == double[].class) {
            int length = in.readInt();
            if (length == -1) {
                return null;
            }
            double[] doubles = new double[length(length)];
            StateIo.readDoubles(in, doubles);
            return doubles;
        } else if (Components.kindsOf(type) != null) {
            String kind = in.readUTF();
            Component registered = Components.named(Components.kindsOf(type), kind);
            if (registered == null) {
                throw new IOException("unknown " + type.getSimpleName() + " kind '" + kind + "'");
            }
            return read(in, registered.getClass().asSubclass(Record.class));
        } else if (type.isRecord()) {
            return read(in, type.asSubclass(Record.class));
        }
        throw new IllegalStateException("no binary form for " + type);
    }

    private static int length(int length) throws IOException {
        if (length < 0 || length > LearnerCodec.MAX_SIZE) {
            throw new IOException("array of " + length + " elements");
        }
        return length;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) throws IOException {
        try {
            return Enum.valueOf((Class) type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }
}
