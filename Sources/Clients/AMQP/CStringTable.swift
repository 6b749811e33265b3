import DreamFrameCore
import CRabbitMQ

/// NUL-terminated copies of several strings in one buffer, for C calls that take many `const char *` at once
/// (rabbitmq-c copies them while encoding). Nothing to allocate by hand, so nothing to force-unwrap or free.
struct CStringTable {
    private var storage: [CChar] = []

    /// Adds `string`; returns its handle for ``withPointers(_:)``.
    mutating func add(_ string: String) -> Int {
        let offset = storage.count
        storage.append(contentsOf: string.utf8CString)
        return offset
    }

    /// Runs `body` with a function that turns a handle into a C string pointer valid during `body`.
    func withPointers<R>(_ body: ((Int) -> UnsafePointer<CChar>?) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try body { offset in buffer.baseAddress.map { $0 + offset } }
        }
    }
}

/// A header or argument entry whose strings are still handles into a ``CStringTable``.
struct PendingHeader {
    let key: Int
    let value: AMQPFieldValue
    let stringValue: Int?

    /// Records `key` and `value` in `table` (integers travel as `l`, everything else as a string `S`).
    init(key: String, value: AMQPFieldValue, table: inout CStringTable) {
        self.key = table.add(key)
        self.value = value
        if case .int = value { stringValue = nil } else { stringValue = table.add(value.description) }
    }

    /// The C struct, with pointers that are valid inside `table.withPointers`.
    func resolve(_ pointer: (Int) -> UnsafePointer<CChar>?) -> df_header {
        if case .int(let i) = value {
            return df_header(key: pointer(key), kind: CChar(UInt8(ascii: "l")), string_value: nil, int_value: i)
        }
        return df_header(key: pointer(key), kind: CChar(UInt8(ascii: "S")), string_value: stringValue.flatMap(pointer),
                         int_value: 0)
    }
}
