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

    /// The largest body ``decode(_:maxBytes:)`` reads by default (1 MB, as ``MessageLimits``).
    public static let defaultMaxBytes = 1_000_000
    /// The deepest nesting of arrays and objects read (a message needs 7).
    public static let maxNesting = 32

    /// Decodes a message, with a readable reason when it cannot: larger than `maxBytes`, not JSON, no or unknown
    /// schema, unknown kind, or a body that does not fit its kind (naming the field, even a number that does not fit).
    public static func decode(_ data: Data, maxBytes: Int = defaultMaxBytes) throws -> Envelope {
        guard data.count <= maxBytes else {
            throw MessageDecodingError(description: "undecodable message: the body is \(data.count) bytes; messages are at most \(maxBytes)")
        }
        guard !JSONNumberScan.nestsDeeper(than: maxNesting, data) else {
            throw MessageDecodingError(description: "undecodable message: not a JSON envelope (nested deeper than \(maxNesting) levels)")
        }
        if let envelope = OnePass.read(data) { return envelope }
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            if hidesItsField(error), let number = refusedNumber(Header.self, in: data) {
                throw MessageDecodingError(description: "undecodable message: bad field '\(number.path)': the number \(number.literal.prefix(40)) does not fit it")
            }
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
            throw MessageDecodingError(description: "unknown message kind \(MessageViolation.quote(kindText))")
        }
        func body<T: Codable>(_ type: T.Type) throws -> T {
            do {
                return try decoder.decode(Wire<T>.self, from: data).body
            } catch {
                if hidesItsField(error), let number = refusedNumber(Wire<T>.self, in: data) {
                    throw MessageDecodingError(description: "invalid \(kind.rawValue) message: bad field '\(number.path)': the number \(number.literal.prefix(40)) does not fit it")
                }
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

    /// The first bytes of a body for a reason, control characters escaped.
    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(80), as: UTF8.self)
        var shown = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { shown += "\\u{\(String(scalar.value, radix: 16))}" } else { shown.unicodeScalars.append(scalar) }
        }
        return data.count > 80 ? "\(shown)…" : shown
    }

    /// Whether `error` is Foundation's pathless "not valid JSON", which it also says of a number that does not fit.
    static func hidesItsField(_ error: Error) -> Bool {
        if case DecodingError.dataCorrupted(let context) = error { return context.codingPath.isEmpty }
        return false
    }

    /// When `T` does not decode from `data` because of a number that does not fit its field (Foundation then names
    /// no field), that number and its path.
    static func refusedNumber<T: Decodable>(_ type: T.Type, in data: Data) -> JSONNumberScan.Number? {
        JSONNumberScan.refusedNumber(in: data) { candidate in
            do {
                _ = try JSONDecoder().decode(T.self, from: candidate)
                return nil
            } catch {
                return describe(error)
            }
        }
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
