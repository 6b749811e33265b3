import Foundation

/// A JSON Schema (the subset OpenAI's strict structured outputs and llama.cpp's grammar conversion both accept),
/// sent as `response_format: {"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}`.
///
/// Every object lists all its properties as required and forbids others (strict mode's rule); every list and
/// string is bounded, so a grammar-constrained server cannot run away inside one.
public indirect enum JSONSchema: Sendable, Hashable, Encodable {
    /// A string of at most `maxLength` characters, optionally one of `choices` or matching `pattern` (an
    /// anchored regular expression of the subset grammar converters take: classes, groups, `?`, `{m,n}`).
    case string(maxLength: Int, choices: [String]? = nil, pattern: String? = nil)
    /// `true` or `false`.
    case boolean
    /// A list of `items` with `min...max` entries.
    case array(JSONSchema, min: Int, max: Int)
    /// An object with exactly these properties, in this order (grammar-constrained servers write them in order).
    case object([(String, JSONSchema)])
    /// `null` or the schema.
    case nullable(JSONSchema)

    public static func == (lhs: JSONSchema, rhs: JSONSchema) -> Bool { lhs.canonical == rhs.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }

    /// The schema as compact JSON text with every object's properties in their declared order (Foundation's
    /// `JSONEncoder` orders keys by hash, differently each time, unless told to sort them): the bytes a request
    /// sends, so the same schema always makes the same cache key and a grammar-constrained server writes the
    /// properties in the order the prompt explains them.
    public var canonical: String {
        switch self {
        case .string(let maxLength, let choices, let pattern):
            if let choices { return "{\"type\":\"string\",\"enum\":[" + choices.map(Self.quoted).joined(separator: ",") + "]}" }
            if let pattern { return "{\"type\":\"string\",\"pattern\":\(Self.quoted(pattern)),\"maxLength\":\(maxLength)}" }
            return "{\"type\":\"string\",\"maxLength\":\(maxLength)}"
        case .boolean:
            return "{\"type\":\"boolean\"}"
        case .array(let items, let min, let max):
            return "{\"type\":\"array\",\"items\":\(items.canonical),\"minItems\":\(min),\"maxItems\":\(max)}"
        case .object(let properties):
            let fields = properties.map { Self.quoted($0.0) + ":" + $0.1.canonical }.joined(separator: ",")
            let names = properties.map { Self.quoted($0.0) }.joined(separator: ",")
            return "{\"type\":\"object\",\"properties\":{\(fields)},\"required\":[\(names)],\"additionalProperties\":false}"
        case .nullable(let schema):
            return "{\"anyOf\":[\(schema.canonical),{\"type\":\"null\"}]}"
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
    }

    /// Encodes as a placeholder that ``ChatCompletionRequest/encoded()`` replaces with ``canonical`` (a keyed
    /// container would lose the properties' order).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.placeholder)
    }

    /// What ``encode(to:)`` writes.
    static let placeholder = "__DREAMFRAME_JSON_SCHEMA__"
}

extension JSONSchema {
    /// An upper bound of the tokens an answer of this schema takes (about 3 characters a token for text, plus the
    /// JSON around it): what a grammar-constrained answer can never exceed, so the level's `max_tokens`.
    public var tokenBound: Int {
        switch self {
        case .string(let maxLength, let choices, _):
            return (choices?.map(\.count).max() ?? maxLength) / 3 + 3
        case .boolean:
            return 2
        case .array(let items, _, let max):
            return max * (items.tokenBound + 1) + 2
        case .object(let properties):
            return properties.reduce(2) { $0 + $1.0.count / 3 + 3 + $1.1.tokenBound }
        case .nullable(let schema):
            return schema.tokenBound
        }
    }
}
