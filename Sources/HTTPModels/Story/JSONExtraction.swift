import Models
import Clients
import DreamFrameCore
import Foundation

/// Finds the JSON object in a model's answer, tolerating code fences and prose around it.
enum JSONExtraction {
    /// The first balanced top-level `{...}` in `text` (braces inside strings are ignored), parsed as an object.
    /// Scans the UTF-8 bytes: the braces, quotes and backslash it looks for are ASCII, and no byte of a multi-byte
    /// UTF-8 sequence is ASCII.
    static func object(in text: String) throws(StoryOutputError) -> [String: Any] {
        if text.isBlank { throw StoryOutputError("the answer is empty") }
        let bytes = Array(text.utf8)
        var searchFrom = bytes.startIndex
        var lastError = "no JSON object found in the answer"
        while let open = bytes[searchFrom...].firstIndex(of: UInt8(ascii: "{")) {
            guard let close = matchingBrace(in: bytes, from: open) else {
                lastError = "the JSON object in the answer is not closed (truncated?)"
                break
            }
            let candidate = Data(bytes[open...close])
            if let object = (try? JSONSerialization.jsonObject(with: candidate)) as? [String: Any] {
                return object
            }
            lastError = "the answer's JSON object does not parse"
            searchFrom = open + 1
        }
        throw StoryOutputError(lastError)
    }

    /// Index of the `}` closing the `{` at `open`, skipping string literals.
    private static func matchingBrace(in bytes: [UInt8], from open: Int) -> Int? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        var depth = 0
        var inString = false
        var escaped = false
        for index in open..<bytes.endIndex {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == backslash { escaped = true } else if byte == quote { inString = false }
            } else if byte == quote {
                inString = true
            } else if byte == openBrace {
                depth += 1
            } else if byte == closeBrace {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}
