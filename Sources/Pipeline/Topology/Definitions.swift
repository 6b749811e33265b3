import Models
import Clients
import DreamFrameCore
import Foundation

/// The parts of a RabbitMQ definitions document DreamFrame uses.
public struct Definitions: Codable, Sendable {
    public struct Exchange: Codable, Sendable {
        public var name: String
        public var vhost: String?
        public var type: String
        public var durable: Bool
    }

    public struct Queue: Codable, Sendable {
        public var name: String
        public var vhost: String?
        public var durable: Bool
        public var arguments: [String: ArgumentValue]
    }

    public struct Binding: Codable, Sendable {
        public var source: String
        public var vhost: String?
        public var destination: String
        public var destination_type: String
        public var routing_key: String
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]
}

/// A queue argument: text or a number.
public enum ArgumentValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int64)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .int(let i): try container.encode(i)
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        }
    }
}
