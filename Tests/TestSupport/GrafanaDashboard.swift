import Foundation

/// A Grafana dashboard's JSON as far as its queries go: every panel target's PromQL (rows' nested panels included)
/// and every templating variable's query, with Grafana's own variables replaced so Prometheus can evaluate them.
public struct GrafanaDashboard: Sendable {
    /// One query and where it is.
    public struct Query: Sendable, CustomStringConvertible {
        /// The panel title (or `variable <name>`).
        public var place: String
        /// The expression as written in the dashboard.
        public var expression: String
        /// The expression with `$__rate_interval`, `$__range`, `$__interval` and the dashboard's own variables
        /// (`$run`, `${stage}`) replaced by values Prometheus accepts.
        public var evaluable: String {
            var text = expression
            for (variable, value) in [("$__rate_interval", "1m"), ("$__range", "1h"), ("$__interval", "15s")] {
                text = text.replacingOccurrences(of: variable, with: value)
            }
            let own = try! NSRegularExpression(pattern: #"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"#)
            return own.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: ".*")
        }

        public var description: String { "\(place): \(expression)" }

        public init(place: String, expression: String) {
            self.place = place
            self.expression = expression
        }
    }

    /// Every query, in the dashboard's order.
    public let queries: [Query]

    /// Reads the dashboard at `url`.
    public init(contentsOf url: URL) throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var queries: [Query] = []
        func collect(_ panels: [[String: Any]]) {
            for panel in panels {
                let title = panel["title"] as? String ?? "untitled panel"
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    if let expression = target["expr"] as? String { queries.append(Query(place: title, expression: expression)) }
                }
                collect(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        collect(json["panels"] as? [[String: Any]] ?? [])
        let variables = (json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        for variable in variables where variable["type"] as? String == "query" {
            let query = (variable["query"] as? [String: Any])?["query"] as? String ?? variable["query"] as? String
            guard let query, let match = query.firstMatch(of: /label_values\((?<metric>[^,]+),/) else { continue }
            queries.append(Query(place: "variable \(variable["name"] as? String ?? "?")",
                                 expression: String(match.output.metric).trimmingCharacters(in: .whitespaces)))
        }
        self.queries = queries
    }
}
