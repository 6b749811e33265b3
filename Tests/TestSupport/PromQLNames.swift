import Foundation

/// The metric names a PromQL expression selects (what a dashboard or alert query needs a Prometheus to have), found
/// without a full parser: strings, label matchers, ranges and grouping clauses are set aside, then every remaining
/// identifier that is not a function call, an aggregation, a keyword or a number is a metric name.
public enum PromQLNames {
    static let keywords: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
                                        "or", "unless", "offset", "inf", "nan", "start", "end"]

    /// The metric names in `expression`.
    public static func metrics(in expression: String) -> Set<String> {
        var text = replacing(#""(\\.|[^"\\])*"|'(\\.|[^'\\])*'|`[^`]*`"#, in: expression, with: "\"\"")
        text = replacing(#"\{[^}]*\}"#, in: text, with: " ")
        text = replacing(#"\[[^\]]*\]"#, in: text, with: " ")
        text = replacing(#"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#, in: text, with: " ")
        var names: Set<String> = []
        let token = try! NSRegularExpression(pattern: #"[0-9][0-9.]*[a-zA-Z]*|[a-zA-Z_:][a-zA-Z0-9_:]*"#)
        let whole = NSRange(text.startIndex..., in: text)
        for match in token.matches(in: text, range: whole) {
            let word = String(text[Range(match.range, in: text)!])
            guard let first = word.first, !first.isNumber, !keywords.contains(word.lowercased()) else { continue }
            let rest = text[Range(match.range, in: text)!.upperBound...]
            if rest.first(where: { !$0.isWhitespace }) == "(" { continue }
            names.insert(word)
        }
        return names
    }

    private static func replacing(_ pattern: String, in text: String, with replacement: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                              withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
    }
}
