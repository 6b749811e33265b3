import Foundation
import Synchronization

/// How a chat request asks for JSON, strongest first. A server that refuses a mode (400 naming
/// `response_format`) is asked again in the next one, and its answer is remembered for the process.
public enum ResponseMode: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// `{"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}`: the server constrains its output.
    case jsonSchema
    /// `{"type": "json_object"}`: JSON, shape from the prompt.
    case jsonObject
    /// No `response_format`: plain text, the JSON object extracted from it.
    case text

    public static func < (lhs: ResponseMode, rhs: ResponseMode) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .jsonSchema: return "json_schema"
        case .jsonObject: return "json_object"
        case .text: return "text"
        }
    }

    /// The next weaker mode, or nil after plain text.
    var weaker: ResponseMode? { ResponseMode(rawValue: rawValue + 1) }

    /// The `response_format` field of this mode for `schema` named `name`.
    func format(schema: JSONSchema, name: String) -> ResponseFormat? {
        switch self {
        case .jsonSchema: return ResponseFormat(type: "json_schema", jsonSchema: .init(name: name, schema: schema))
        case .jsonObject: return ResponseFormat(type: "json_object")
        case .text: return nil
        }
    }
}

/// The strongest mode a server has accepted so far (shared by every call of a process to that server).
final class ResponseModeMemory: Sendable {
    private let mode: Mutex<ResponseMode>

    init(_ start: ResponseMode) { mode = Mutex(start) }

    var current: ResponseMode { mode.withLock { $0 } }

    /// Records that `refused` was refused; returns the mode to use next (nil when none is left).
    func refuse(_ refused: ResponseMode) -> ResponseMode? {
        mode.withLock { current in
            if let weaker = refused.weaker, current <= refused { current = weaker }
            return refused.weaker.map { max($0, current) }
        }
    }
}
