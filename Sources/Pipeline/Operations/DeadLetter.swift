import Models
import Clients
import DreamFrameCore
import Foundation

/// A dead-lettered message as `dreamframe replay` lists it.
public struct DeadLetter: Sendable, Codable, Hashable {
    public var stage: String
    public var queue: String
    public var messageId: String
    public var runId: String?
    public var movieId: String?
    public var kind: String?
    public var reason: String
    public var errorClass: String?
    public var attempts: Int
    public var firstSeen: String?
    public var lastSeen: String?
    public var replays: Int
    /// Every header the letter carries (the broker's `x-death` included), each value cleaned and bounded.
    public var headers: [String: String]
    /// The body's first bytes (``previewBytes``) as cleaned text: JSON for our own messages.
    public var bodyPreview: String
    /// The body's length in bytes.
    public var bodyBytes: Int

    /// How much of a body ``bodyPreview`` shows.
    public static let previewBytes = 512

    /// Reads a dead letter's headers. Every text is cleaned (``SafeText``) as it is read, whoever published the
    /// letter: `replay list` prints them to a terminal and `--json` hands them on.
    init(stage: Stage, queue: String, delivery: Delivery) {
        let h = delivery.headers
        func text(_ name: String) -> String? { h[name]?.stringValue.map { SafeText.line($0, maxBytes: 256) } }
        self.stage = stage.rawValue
        self.queue = queue
        messageId = SafeText.line(delivery.messageId ?? "(no id)", maxBytes: 256)
        runId = text(MessageHeaders.run)
        movieId = text(MessageHeaders.movie)
        kind = text(MessageHeaders.kind)
        errorClass = text(MessageHeaders.errorClass)
        attempts = Int(h[MessageHeaders.attempt]?.intValue ?? 1)
        firstSeen = text(MessageHeaders.firstSeen)
        lastSeen = text(MessageHeaders.lastSeen)
        replays = Int(h[MessageHeaders.replays]?.intValue ?? 0)
        headers = Dictionary(uniqueKeysWithValues: h.prefix(64).map { key, value in
            (SafeText.line(key, maxBytes: 128), SafeText.line(value.description, maxBytes: 1000))
        })
        bodyBytes = delivery.body.count
        bodyPreview = SafeText.line(String(decoding: delivery.body.prefix(Self.previewBytes), as: UTF8.self),
                                    maxBytes: Self.previewBytes * 4)
        if let error = h[MessageHeaders.error]?.stringValue {
            reason = SafeText.line(error, maxBytes: 2000)
        } else if case .array(let deaths)? = h["x-death"], case .table(let first)? = deaths.first {
            // Dead-lettered by the broker itself, e.g. the quorum queue's delivery limit after repeated crashes.
            reason = SafeText.line("broker: \(first["reason"]?.description ?? "dead-lettered") from \(first["queue"]?.description ?? "?")",
                                   maxBytes: 2000)
            if let count = first["count"]?.intValue { attempts = Int(count) }
        } else {
            reason = "unknown"
        }
    }
}

/// Which dead letters to act on.
public struct DeadLetterFilter: Sendable {
    public var stage: Stage?
    public var runId: String?
    public var movieId: String?
    /// A case-insensitive substring of the reason.
    public var reason: String?
    public var messageId: String?

    public init(stage: Stage? = nil, runId: String? = nil, movieId: String? = nil, reason: String? = nil, messageId: String? = nil) {
        self.stage = stage
        self.runId = runId
        self.movieId = movieId
        self.reason = reason
        self.messageId = messageId
    }

    func matches(_ letter: DeadLetter) -> Bool {
        if let stage, stage.rawValue != letter.stage { return false }
        if let runId, runId != letter.runId { return false }
        if let movieId, movieId != letter.movieId { return false }
        if let messageId, messageId != letter.messageId { return false }
        if let reason, !letter.reason.lowercased().contains(reason.lowercased()) { return false }
        return true
    }
}
