/// What the metrics port answers, without any networking: `GET /metrics` (the registry's exposition, after
/// `beforeScrape` sampled the gauges that are read rather than counted), `GET /healthz` (200 while the process
/// serves) and `GET /readyz` (200 or 503 from the readiness check). `HEAD` answers like `GET` without a body;
/// other paths get 404, other methods 405.
public struct MetricsRoutes: HTTPResponder {
    /// One answer.
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: String
    }

    /// A request's method, as far as the routes care.
    public enum Method: Sendable, Equatable {
        case get, head, other(String)
    }

    /// The content type of the Prometheus text format.
    public static let exposition = "text/plain; version=0.0.4; charset=utf-8"

    let registry: MetricsRegistry
    let readiness: @Sendable () -> Readiness
    let beforeScrape: @Sendable () -> Void

    public init(registry: MetricsRegistry, readiness: @escaping @Sendable () -> Readiness,
                beforeScrape: @escaping @Sendable () -> Void = {}) {
        self.registry = registry
        self.readiness = readiness
        self.beforeScrape = beforeScrape
    }

    /// The answer to `method` on `uri` (a query string is ignored).
    public func respond(_ method: Method, uri: String) -> Response {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard ["/metrics", "/healthz", "/readyz"].contains(path) else {
            return Response(status: 404, contentType: Self.text, body: "not found: try /metrics, /healthz or /readyz\n")
        }
        if case .other = method {
            return Response(status: 405, contentType: Self.text, body: "method not allowed: GET or HEAD\n")
        }
        let response: Response
        switch path {
        case "/metrics":
            beforeScrape()
            response = Response(status: 200, contentType: Self.exposition, body: registry.exposition())
        case "/healthz":
            response = Response(status: 200, contentType: Self.text, body: "ok\n")
        default:
            let state = readiness()
            response = Response(status: state.isReady ? 200 : 503, contentType: Self.text, body: "\(state)\n")
        }
        return method == .head ? Response(status: response.status, contentType: response.contentType, body: "") : response
    }

    static let text = "text/plain; charset=utf-8"

    /// The answer as the listener sends it.
    public func respond(to request: HTTPInboundRequest) async -> HTTPOutboundResponse {
        let method: Method = switch request.method {
        case "GET": .get
        case "HEAD": .head
        default: .other(request.method)
        }
        let response = respond(method, uri: request.uri)
        return HTTPOutboundResponse(status: response.status, headers: ["Content-Type": response.contentType],
                                    body: Array(response.body.utf8))
    }
}
