import Foundation

/// The fields of a query string or an `application/x-www-form-urlencoded` body: `a=1&b=x%20y` → `a: 1, b: x y`
/// (`+` is a space). A field given twice keeps its first value; a malformed escape leaves the raw text.
public struct FormFields: Sendable, Equatable {
    /// The fields by name.
    public let values: [String: String]

    /// Parses `text`.
    public init(_ text: String) {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(64) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) in
                let spaced = raw.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            if values[name] == nil { values[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        self.values = values
    }

    /// The value of `name`, nil when absent or blank.
    public subscript(_ name: String) -> String? {
        values[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }
}
