import CHiredis

/// One command in Redis' wire format (RESP: an array of bulk strings), built by the caller's task so that the
/// connection's thread only hands the bytes to hiredis.
struct RedisCommand: Sendable {
    let bytes: [UInt8]

    init(_ arguments: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + arguments.reduce(0) { $0 + $1.utf8.count + 16 })
        Self.line(UInt8(ascii: "*"), arguments.count, into: &bytes)
        for argument in arguments {
            Self.line(UInt8(ascii: "$"), argument.utf8.count, into: &bytes)
            bytes.append(contentsOf: argument.utf8)
            bytes.append(contentsOf: [13, 10])
        }
        self.bytes = bytes
    }

    /// Appends the command to hiredis' output buffer (it copies the bytes); a hiredis status.
    func append(to context: UnsafeMutablePointer<redisContext>) -> Int32 {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(context, $0.baseAddress, $0.count) }
        }
    }

    private static func line(_ marker: UInt8, _ number: Int, into bytes: inout [UInt8]) {
        bytes.append(marker)
        bytes.append(contentsOf: String(number).utf8)
        bytes.append(contentsOf: [13, 10])
    }
}
