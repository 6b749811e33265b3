import DreamFrameCore
import CHiredis
import Foundation

/// A Redis reply.
public enum RedisValue: Sendable, Hashable {
    case bulk(Data)
    case status(String)
    case integer(Int64)
    case array([RedisValue])
    case null
    case error(String)

    /// Bulk or status text.
    public var string: String? {
        switch self {
        case .bulk(let d): return String(decoding: d, as: UTF8.self)
        case .status(let s): return s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    public var data: Data? {
        if case .bulk(let d) = self { return d }
        return nil
    }

    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulk, .status: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    public var array: [RedisValue] {
        if case .array(let a) = self { return a }
        return []
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    init(_ reply: UnsafePointer<redisReply>) {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING: self = .bulk(r.str == nil ? Data() : Data(bytes: r.str, count: Int(r.len)))
        case REDIS_REPLY_STATUS: self = .status(r.str == nil ? "" : String(cString: r.str))
        case REDIS_REPLY_ERROR: self = .error(r.str == nil ? "" : String(cString: r.str))
        case REDIS_REPLY_INTEGER: self = .integer(Int64(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisValue] = []
            items.reserveCapacity(Int(r.elements))
            for i in 0..<Int(r.elements) {
                if let element = r.element[i] { items.append(RedisValue(element)) } else { items.append(.null) }
            }
            self = .array(items)
        default: self = .null
        }
    }
}

/// A failure talking to Redis.
public enum RedisError: ClassifiedError, Sendable, CustomStringConvertible {
    case connection(String)
    case server(String)
    case shutdown

    public var description: String {
        switch self {
        case .connection(let why): return "redis connection: \(why)"
        case .server(let why): return "redis error: \(why)"
        case .shutdown: return "redis client shut down"
        }
    }

    /// Transient: connections come back; server errors from bad arguments are caught before they reach Redis.
    public var failureKind: FailureKind { .transient }
    public var failureClass: String { "redis" }
}
