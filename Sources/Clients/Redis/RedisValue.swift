import DreamFrameCore
import CHiredis
import Foundation

/// A Redis reply.
public enum RedisValue: Sendable, Hashable {
    /// A bulk string (binary-safe).
    case bulk(Data)
    /// A status reply such as `OK`.
    case status(String)
    /// An integer reply.
    case integer(Int64)
    /// An array reply.
    case array([RedisValue])
    /// A nil bulk string or array.
    case null
    /// An error reply (``RedisClient`` turns it into ``RedisError/server(_:)``).
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

    /// The bytes of a bulk string.
    public var data: Data? {
        if case .bulk(let d) = self { return d }
        return nil
    }

    /// An integer reply, or a bulk/status string that holds a number.
    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulk, .status: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The elements of an array reply (empty for anything else).
    public var array: [RedisValue] {
        if case .array(let a) = self { return a }
        return []
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
    /// No connection could be made in time, or it broke while commands were outstanding.
    case connection(String)
    /// Redis answered with an error reply.
    case server(String)
    /// Redis refused this client's credentials (`WRONGPASS`, `NOAUTH`) or its ACL user may not run a command or
    /// touch a key (`NOPERM`): a configuration error, not a fault of the data.
    case accessDenied(String)
    /// The client was shut down before the command was sent.
    case shutdown

    /// The error an error reply means: ``accessDenied(_:)`` for an authentication or ACL refusal (also when a Lua
    /// script's call was refused), ``server(_:)`` otherwise.
    public static func reply(_ message: String) -> RedisError {
        let code = message.prefix { $0 != " " }
        if ["NOAUTH", "WRONGPASS", "NOPERM"].contains(code) || message.contains("The user executing the script can't") {
            return .accessDenied(message)
        }
        return .server(message)
    }

    /// A one-line message.
    public var description: String {
        switch self {
        case .connection(let why): return "redis connection: \(why)"
        case .server(let why): return "redis error: \(why)"
        case .accessDenied(let why):
            return "redis refused access: \(why) (check the user and password of the Redis URL — --redis-url or "
                + "DREAMFRAME_REDIS_URL — and that user's ACL)"
        case .shutdown: return "redis client shut down"
        }
    }

    /// An outage when Redis cannot be reached or is not serving yet (loading its data after a restart, busy with a
    /// script, refusing writes after a failed save) and when it refuses this client's credentials or ACL (the work
    /// is held until an operator fixes the configuration, never dead-lettered for it; processes check their
    /// credentials at start, see `Settings.checkAccess`); transient when it is out of memory; permanent for any other
    /// error reply (a wrong type or argument fails the same way every time).
    public var failureKind: FailureKind {
        switch self {
        case .connection, .shutdown, .accessDenied:
            return .outage
        case .server(let message):
            let code = message.prefix { $0 != " " }
            if ["LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "MISCONF", "CLUSTERDOWN"].contains(code) { return .outage }
            if code == "OOM" { return .transient }
            return .permanent
        }
    }

    /// `redis`, or `redis-access` for a refused credential or command.
    public var failureClass: String {
        if case .accessDenied = self { return "redis-access" }
        return "redis"
    }
}
