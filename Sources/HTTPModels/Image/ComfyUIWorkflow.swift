import Foundation
import Models

/// A ComfyUI workflow in API format (`{"<node id>": {"class_type": ..., "inputs": {...}}}`, what ComfyUI's "Save
/// (API)" writes) with placeholders for what changes per frame.
///
/// A string value that is exactly `{{name}}` becomes the value itself — a number for `seed`, `width`, `height`,
/// `steps`, `cfg` and `refiner_switch_step` — and `{{name}}` inside a longer string is replaced by its text. The
/// placeholders are ``Placeholder``'s; `prompt` is required, the others optional. The default graph is SDXL base +
/// refiner txt2img (`ops/comfyui/txt2img-sdxl.json`).
public struct ComfyUIWorkflow: Sendable, Hashable {
    /// The graph as loaded.
    public let graph: JSONValue
    /// Where it was loaded from (for error messages).
    public let source: String
    /// The placeholders it uses.
    public let placeholdersUsed: Set<Placeholder>

    /// The names of the placeholders a workflow may use.
    public static let placeholders = Placeholder.allCases.map(\.rawValue)

    /// Reads and checks a workflow file: a JSON object of nodes, each with a `class_type`, that uses `{{prompt}}`.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WorkflowError("cannot read the ComfyUI workflow \(url.path)")
        }
        try self.init(data: data, source: url.path)
    }

    /// Checks a workflow given as JSON bytes.
    public init(data: Data, source: String) throws {
        guard let graph = try? JSONDecoder().decode(JSONValue.self, from: data), let nodes = graph.object, !nodes.isEmpty else {
            throw WorkflowError("the ComfyUI workflow \(source) is not a JSON object of nodes (export it with \"Save (API)\")")
        }
        for (id, node) in nodes where node["class_type"]?.string == nil {
            throw WorkflowError("node \(id) of the ComfyUI workflow \(source) has no class_type: not an API-format workflow")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("{{prompt}}") else {
            throw WorkflowError("the ComfyUI workflow \(source) has no {{prompt}} placeholder for the frame's prompt")
        }
        if let unknown = Self.unknownPlaceholder(in: text) {
            throw WorkflowError("the ComfyUI workflow \(source) uses {{\(unknown)}}; placeholders are "
                                + Self.placeholders.joined(separator: ", "))
        }
        self.graph = graph
        self.source = source
        placeholdersUsed = Set(Placeholder.allCases.filter { text.contains("{{\($0.rawValue)}}") })
    }

    /// The graph with every placeholder replaced by `values` (a missing value leaves its placeholder's text empty).
    public func filled(_ values: [Placeholder: JSONValue]) -> JSONValue {
        Self.fill(graph, values)
    }

    private static func fill(_ value: JSONValue, _ values: [Placeholder: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text):
            if text.hasPrefix("{{"), text.hasSuffix("}}"),
               let name = Placeholder(rawValue: String(text.dropFirst(2).dropLast(2))), let whole = values[name] {
                return whole
            }
            guard text.contains("{{") else { return value }
            var result = text
            for name in Placeholder.allCases {
                let replacement: String
                switch values[name] {
                case .string(let string)?: replacement = string
                case .number(let number)?: replacement = number.rounded() == number ? String(Int64(number)) : String(number)
                default: replacement = ""
                }
                result = result.replacingOccurrences(of: "{{\(name.rawValue)}}", with: replacement)
            }
            return .string(result)
        case .array(let items): return .array(items.map { fill($0, values) })
        case .object(let members): return .object(members.mapValues { fill($0, values) })
        default: return value
        }
    }

    private static func unknownPlaceholder(in text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if !placeholders.contains(name) { return name }
            rest = rest[close.upperBound...]
        }
        return nil
    }
}

/// A workflow that cannot be used, with the reason.
public struct WorkflowError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
