import Models
import Clients
import DreamFrameCore
import Foundation

/// Header names the runtime reads and writes.
public enum MessageHeaders {
    /// 1-based attempt number of this delivery.
    public static let attempt = "x-df-attempt"
    /// When the message was first handled (ISO 8601).
    public static let firstSeen = "x-df-first-seen"
    /// When it last failed (ISO 8601).
    public static let lastSeen = "x-df-last-seen"
    public static let stage = "x-df-stage"
    public static let errorClass = "x-df-error-class"
    public static let error = "x-df-error"
    public static let kind = "x-df-kind"
    public static let run = "x-df-run"
    public static let movie = "x-df-movie"
    /// How many times the message was replayed from a dead-letter queue.
    public static let replays = "x-df-replays"
}
