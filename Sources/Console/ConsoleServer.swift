import Foundation
import Logging
import Models
import Monitoring
import Pipeline

/// The web console's routes (server-rendered HTML, no script):
///
/// - `GET /` — per stage the queues, consumers with their hosts, rates and dead letters; the recent runs with
///   progress bars and ETA (or duration);
/// - `GET /runs/<run>` — one run: per stage bars, every movie's state, a link to its gallery;
/// - `GET /dead?stage=&run=&reason=` — dead letters filtered, each with its headers, a body preview and replay /
///   dry-run buttons; `POST /dead/replay` acts on them;
/// - `GET /styles` — the style cache;
/// - `GET /gallery/<run>/…` — the run's folder, read-only (``GalleryFiles``).
///
/// Every request passes ``ConsoleAccess``; every `POST` must carry the console's CSRF token (a hidden field of
/// its forms, random per console process) and, when the browser says where it comes from (`Origin`,
/// `Sec-Fetch-Site`), come from the console's own origin.
public struct ConsoleServer: HTTPResponder {
    let source: any ConsoleSource
    let access: ConsoleAccess
    let gallery: GalleryFiles
    let csrfToken: String
    let stale: Double
    let logger: Logger

    /// A console over `source`, serving run folders from `layout`; movies idle for `stale` seconds show as stuck.
    public init(source: any ConsoleSource, access: ConsoleAccess, layout: OutputLayout, stale: Double = 300,
                csrfToken: String = ConsoleServer.randomToken(), logger: Logger) {
        self.source = source
        self.access = access
        self.gallery = GalleryFiles(layout: layout)
        self.csrfToken = csrfToken
        self.stale = stale
        self.logger = logger
    }

    /// 32 random bytes as hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public func respond(to request: HTTPInboundRequest) async -> HTTPOutboundResponse {
        guard access.allows(request) else { return ConsoleAccess.challenge }
        let path = request.path
        do {
            switch (request.method, path) {
            case ("GET", "/"), ("HEAD", "/"):
                return page(ConsolePage.overview(fleet: try await source.fleet(), runs: try await recentRuns()))
            case ("GET", "/dead"), ("HEAD", "/dead"):
                let filter = Self.filter(FormFields(request.query))
                return page(ConsolePage.deadLetters(try await source.deadLetters(filter), filter: filter, csrf: csrfToken))
            case ("POST", "/dead/replay"):
                return try await replay(request)
            case ("GET", "/styles"), ("HEAD", "/styles"):
                return page(ConsolePage.styles(try await source.styles()))
            case ("GET", _) where path.hasPrefix("/runs/"), ("HEAD", _) where path.hasPrefix("/runs/"):
                let runId = String(path.dropFirst("/runs/".count)).removingPercentEncoding ?? ""
                guard let progress = try await source.progress(runId: runId, stale: stale) else {
                    return page(ConsolePage.message("Unknown run", "No run \(runId) in Redis."), status: 404)
                }
                return page(ConsolePage.run(progress))
            case ("GET", _) where path.hasPrefix("/gallery/"), ("HEAD", _) where path.hasPrefix("/gallery/"):
                return gallery.respond(path: String(path.dropFirst("/gallery/".count)))
            case (_, "/"), (_, "/dead"), (_, "/dead/replay"), (_, "/styles"):
                return HTTPOutboundResponse(status: 405, contentType: "text/plain; charset=utf-8", text: "method not allowed\n")
            default:
                return page(ConsolePage.message("Not found", "Nothing at \(path)."), status: 404)
            }
        } catch {
            logger.warning("console request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return page(ConsolePage.message("Unavailable", "The broker or Redis did not answer: \(error)"), status: 503)
        }
    }

    /// `POST /dead/replay`: the CSRF token and origin are checked, then the letters matching the form's filter
    /// are replayed (or only listed, with `dry-run`).
    func replay(_ request: HTTPInboundRequest) async throws -> HTTPOutboundResponse {
        let form = FormFields(String(decoding: request.body, as: UTF8.self))
        guard ConsoleAccess.constantTimeEquals(form["csrf"] ?? "", csrfToken), Self.isSameOrigin(request) else {
            return page(ConsolePage.message("Refused", "The form did not come from this console (CSRF check)."), status: 403)
        }
        let filter = Self.filter(form)
        guard filter.stage != nil || filter.runId != nil || filter.messageId != nil || form["all"] == "1" else {
            return page(ConsolePage.message("Refused", "Name a stage, run or message to replay."), status: 400)
        }
        let dryRun = form["dry-run"] == "1"
        let letters = dryRun ? try await source.deadLetters(filter) : try await source.replay(filter)
        logger.notice("console replay", metadata: ["dry_run": "\(dryRun)", "messages": "\(letters.count)"])
        return page(ConsolePage.replayed(letters, dryRun: dryRun, filter: filter))
    }

    /// Whether the browser's own account of where the request comes from (if it gives one) is this console.
    static func isSameOrigin(_ request: HTTPInboundRequest) -> Bool {
        if let site = request.header("Sec-Fetch-Site"), !["same-origin", "none"].contains(site.lowercased()) { return false }
        guard let origin = request.header("Origin") else { return true }
        guard let host = request.header("Host"), let url = URL(string: origin), let originHost = url.host else { return false }
        let originAuthority = originHost + (url.port.map { ":\($0)" } ?? "")
        return origin != "null" && originAuthority.lowercased() == host.lowercased()
    }

    static func filter(_ fields: FormFields) -> DeadLetterFilter {
        DeadLetterFilter(stage: fields["stage"].flatMap(Stage.init(rawValue:)), runId: fields["run"],
                         movieId: fields["movie"], reason: fields["reason"], messageId: fields["message"])
    }

    /// The ten newest runs' progress.
    func recentRuns() async throws -> [RunProgress] {
        var runs: [RunProgress] = []
        for runId in try await source.runIds().suffix(10).reversed() {
            if let progress = try await source.progress(runId: runId, stale: stale) { runs.append(progress) }
        }
        return runs
    }

    func page(_ html: String, status: Int = 200) -> HTTPOutboundResponse {
        HTTPOutboundResponse(status: status, headers: [
            "Content-Type": "text/html; charset=utf-8", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ], body: Array(html.utf8))
    }
}
