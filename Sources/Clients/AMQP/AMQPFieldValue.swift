import DreamFrameCore
import CRabbitMQ
import Foundation

/// A value of an AMQP field table: message headers, queue arguments, `x-death` records.
public enum AMQPFieldValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case table([String: AMQPFieldValue])
    case array([AMQPFieldValue])
    case void

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An integer, or a string that holds one.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .string(let s): return Int64(s)
        default: return nil
        }
    }

    /// The value as text (tables and arrays in a readable form).
    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        case .double(let d): return String(d)
        case .table(let t): return "{" + t.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .void: return ""
        }
    }
}

extension AMQPFieldValue {
    /// Reads a rabbitmq-c table into Swift values (copying everything).
    static func decode(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        var result: [String: AMQPFieldValue] = [:]
        guard table.num_entries > 0, let entries = table.entries else { return result }
        for i in 0..<Int(table.num_entries) {
            let entry = entries[i]
            result[entry.key.string] = decode(entry.value)
        }
        return result
    }

    static func decode(_ field: amqp_field_value_t) -> AMQPFieldValue {
        let v = field.value
        switch Int32(field.kind) {
        case Int32(AMQP_FIELD_KIND_UTF8.rawValue), Int32(AMQP_FIELD_KIND_BYTES.rawValue): return .string(v.bytes.string)
        case Int32(AMQP_FIELD_KIND_BOOLEAN.rawValue): return .bool(v.boolean != 0)
        case Int32(AMQP_FIELD_KIND_I8.rawValue): return .int(Int64(v.i8))
        case Int32(AMQP_FIELD_KIND_U8.rawValue): return .int(Int64(v.u8))
        case Int32(AMQP_FIELD_KIND_I16.rawValue): return .int(Int64(v.i16))
        case Int32(AMQP_FIELD_KIND_U16.rawValue): return .int(Int64(v.u16))
        case Int32(AMQP_FIELD_KIND_I32.rawValue): return .int(Int64(v.i32))
        case Int32(AMQP_FIELD_KIND_U32.rawValue): return .int(Int64(v.u32))
        case Int32(AMQP_FIELD_KIND_I64.rawValue): return .int(v.i64)
        case Int32(AMQP_FIELD_KIND_U64.rawValue), Int32(AMQP_FIELD_KIND_TIMESTAMP.rawValue): return .int(Int64(bitPattern: v.u64))
        case Int32(AMQP_FIELD_KIND_F32.rawValue): return .double(Double(v.f32))
        case Int32(AMQP_FIELD_KIND_F64.rawValue): return .double(v.f64)
        case Int32(AMQP_FIELD_KIND_TABLE.rawValue): return .table(decode(v.table))
        case Int32(AMQP_FIELD_KIND_ARRAY.rawValue):
            var items: [AMQPFieldValue] = []
            if v.array.num_entries > 0, let entries = v.array.entries {
                for i in 0..<Int(v.array.num_entries) { items.append(decode(entries[i])) }
            }
            return .array(items)
        default: return .void
        }
    }
}
