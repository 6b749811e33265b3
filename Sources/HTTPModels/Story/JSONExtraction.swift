import Models
import Clients
import DreamFrameCore
import Foundation

/// Finds the JSON object in a model's answer, tolerating code fences and prose around it.
enum JSONExtraction {
    /// The first balanced top-level `{...}` in `text` (braces inside strings are ignored), parsed as an object.
    static func object(in text: String) throws(StoryOutputError) -> [String: Any] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw StoryOutputError("the answer is empty") }
        var searchFrom = trimmed.startIndex
        var lastError = "no JSON object found in the answer"
        while let open = trimmed[searchFrom...].firstIndex(of: "{") {
            guard let close = matchingBrace(in: trimmed, from: open) else {
                lastError = "the JSON object in the answer is not closed (truncated?)"
                break
            }
            let candidate = Data(trimmed[open...close].utf8)
            if let object = (try? JSONSerialization.jsonObject(with: candidate)) as? [String: Any] {
                return object
            }
            lastError = "the answer's JSON object does not parse"
            searchFrom = trimmed.index(after: open)
        }
        throw StoryOutputError(lastError)
    }

    /// Index of the `}` closing the `{` at `open`, skipping string literals.
    private static func matchingBrace(in text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = open
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
