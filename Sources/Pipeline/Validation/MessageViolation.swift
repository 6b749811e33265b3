import DreamFrameCore
import Foundation

/// A message that failed its check at the door: permanent (the same bytes never pass later), dead-lettered at its
/// first attempt with a reason naming the field, its value (quoted, truncated) and the rule it broke.
public struct MessageViolation: ClassifiedError, Sendable, CustomStringConvertible, Hashable {
    /// The message's kind, when it decoded that far.
    public var kind: MessageKind?
    /// The field, as a path into the JSON message (`body.request.substory.index`).
    public var field: String
    /// The offending value as the reason shows it (see ``quote(_:limit:)``).
    public var value: String
    /// The rule it broke.
    public var rule: String

    /// A violation of `rule` by `field` holding `value` (already rendered for the reason).
    public init(_ kind: MessageKind?, field: String, value: String, rule: String) {
        self.kind = kind
        self.field = field
        self.value = value
        self.rule = rule
    }

    /// `invalid render-frame message: body.index = 4000000000: must be within 1…12 (the run's frames per movie)`.
    public var description: String {
        "invalid \(kind.map { "\($0.rawValue) message" } ?? "run"): \(field) = \(value): \(rule)"
    }

    public var failureKind: FailureKind { .permanent }
    public var failureClass: String { "invalid-message" }

    /// `text` single-quoted for a reason: control and bidirectional formatting characters escaped (`\u{0}`, see
    /// ``SafeText``), at most `limit` scalars shown, and its size in bytes when it was cut.
    public static func quote(_ text: String, limit: Int = 64) -> String {
        var shown = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else { break }
            shown += SafeText.escaped(scalar)
            count += 1
        }
        let cut = text.unicodeScalars.count > limit
        return "'\(shown)\(cut ? "…" : "")'" + (cut ? " (\(text.utf8.count) bytes)" : "")
    }
}
