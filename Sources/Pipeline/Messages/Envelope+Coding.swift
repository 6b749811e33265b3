import Models
import Clients
import DreamFrameCore
import Foundation

/// Why a message body could not be read; always permanent (the same bytes never decode later).
public struct MessageDecodingError: ClassifiedError, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }

    public var failureKind: FailureKind { .permanent }
    public var failureClass: String { "undecodable" }
}

extension Envelope {
    private struct Header: Codable {
        var schema: Int?
        var kind: String?
        var id: String?
        var movie: MovieRef?
    }

    private struct Wire<T: Codable>: Codable {
        var schema: Int
        var kind: MessageKind
        var id: String
        var movie: MovieRef
        var body: T
    }

    /// Encodes to JSON.
    public func encoded() throws -> Data {
        let encoder = JSONCoding.compactEncoder()
        switch body {
        case .writePlot(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .expandSubstory(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .expandTinystory(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .learnStyle(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .styleReady(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .renderFrame(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        case .validateMovie(let b): return try encoder.encode(Wire(schema: schema, kind: kind, id: id, movie: movie, body: b))
        }
    }

    /// Decodes a message, with a readable reason when it cannot: not JSON, no or unknown schema, unknown kind,
    /// or a body that does not fit its kind.
    public static func decode(_ data: Data) throws -> Envelope {
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw MessageDecodingError(description: "undecodable message: not a JSON envelope (\(Self.snippet(data)))")
        }
        guard let schema = header.schema else {
            throw MessageDecodingError(description: "undecodable message: no schema version")
        }
        guard schema == currentSchema else {
            throw MessageDecodingError(description: "unsupported schema version \(schema) (this worker reads \(currentSchema))")
        }
        guard let kindText = header.kind else { throw MessageDecodingError(description: "message has no kind") }
        guard let kind = MessageKind(rawValue: kindText) else {
            throw MessageDecodingError(description: "unknown message kind '\(kindText)'")
        }
        func body<T: Codable>(_ type: T.Type) throws -> T {
            do {
                return try decoder.decode(Wire<T>.self, from: data).body
            } catch {
                throw MessageDecodingError(description: "invalid \(kind.rawValue) message: \(Self.describe(error))")
            }
        }
        let decodedBody: Body
        switch kind {
        case .writePlot: decodedBody = .writePlot(try body(WritePlot.self))
        case .expandSubstory: decodedBody = .expandSubstory(try body(ExpandSubstory.self))
        case .expandTinystory: decodedBody = .expandTinystory(try body(ExpandTinystory.self))
        case .learnStyle: decodedBody = .learnStyle(try body(LearnStyle.self))
        case .styleReady: decodedBody = .styleReady(try body(StyleReady.self))
        case .renderFrame: decodedBody = .renderFrame(try body(RenderFrame.self))
        case .validateMovie: decodedBody = .validateMovie(try body(ValidateMovie.self))
        }
        guard let id = header.id, !id.isEmpty, let movie = header.movie else {
            throw MessageDecodingError(description: "invalid \(kind.rawValue) message: missing id or movie")
        }
        var envelope = Envelope(id: id, movie: movie, body: decodedBody)
        envelope.schema = schema
        return envelope
    }

    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(80), as: UTF8.self)
        return data.count > 80 ? "\(text)…" : text
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "bad field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
