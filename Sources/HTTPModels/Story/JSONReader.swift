import Models
import Clients
import DreamFrameCore
import Foundation

/// Reads fields out of parsed JSON with readable, path-qualified errors ("substories[2].qa.question is missing").
struct JSONReader {
    let value: Any
    let path: String

    init(_ value: Any, path: String = "") {
        self.value = value
        self.path = path
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private var object: [String: Any]? { value as? [String: Any] }

    /// A required non-empty string (numbers are accepted and printed).
    func string(_ key: String) throws(StoryOutputError) -> String {
        guard let text = optionalString(key) else { throw StoryOutputError("\(child(key)) is missing or empty") }
        return text
    }

    /// An optional string; nil when absent, null or blank.
    func optionalString(_ key: String) -> String? {
        let raw = object?[key]
        let text: String?
        switch raw {
        case let string as String: text = string
        case let number as NSNumber: text = number.stringValue
        default: text = nil
        }
        guard let trimmed = text?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// A required nested object.
    func object(_ key: String) throws(StoryOutputError) -> JSONReader {
        guard let nested = object?[key] as? [String: Any] else {
            throw StoryOutputError("\(child(key)) must be a JSON object")
        }
        return JSONReader(nested, path: child(key))
    }

    /// A required array of objects.
    func array(_ key: String) throws(StoryOutputError) -> [JSONReader] {
        guard let items = object?[key] as? [Any] else { throw StoryOutputError("\(child(key)) must be an array") }
        var readers: [JSONReader] = []
        for (index, item) in items.enumerated() {
            guard item is [String: Any] else { throw StoryOutputError("\(child(key))[\(index)] must be a JSON object") }
            readers.append(JSONReader(item, path: "\(child(key))[\(index)]"))
        }
        return readers
    }

    /// A required array of non-empty strings (a single string is accepted as a one-element array).
    func strings(_ key: String) throws(StoryOutputError) -> [String] {
        if let single = object?[key] as? String, !single.trimmingCharacters(in: .whitespaces).isEmpty {
            return [single.trimmingWhitespace]
        }
        guard let items = object?[key] as? [Any] else { throw StoryOutputError("\(child(key)) must be an array of strings") }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = (item as? String)?.trimmingWhitespace, !text.isEmpty else {
                throw StoryOutputError("\(child(key))[\(index)] must be a non-empty string")
            }
            strings.append(text)
        }
        return strings
    }

    /// The path of a field, for messages.
    func pathOf(_ key: String) -> String { child(key) }
}
