import DreamFrameCore
import Foundation
import Logging

/// A log handler that cleans every message and metadata value with ``SafeText`` before its inner handler writes
/// them: a log line quotes model output (a title, an error naming a model's answer) and message fields, and none of
/// it may end the line, forge the next one, move a terminal's cursor, reverse what follows, or run to megabytes.
public struct SafeLogHandler: LogHandler {
    /// The most bytes of one message or metadata value written (escapes included).
    public static let maxValueBytes = 4096

    private var inner: any LogHandler
    private var stored: Logger.Metadata = [:]

    /// Wraps `inner`, which writes the cleaned events.
    public init(_ inner: any LogHandler) {
        self.inner = inner
        self.inner.metadata = [:]
        self.metadataProvider = inner.metadataProvider
        self.inner.metadataProvider = nil
        self.stored = inner.metadata
    }

    public var metadataProvider: Logger.MetadataProvider?

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { stored }
        set { stored = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { stored[key] }
        set { stored[key] = newValue }
    }

    /// Merges the handler's, the provider's and the event's metadata (and the event's error, as
    /// `error.message` / `error.type`), cleans it and the message, and hands the event on.
    public func log(event: LogEvent) {
        var merged = stored
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        var cleaned = event
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
            cleaned.error = nil
        }
        cleaned.message = Logger.Message(stringLiteral: Self.clean(event.message.description))
        cleaned.metadata = merged.isEmpty ? nil : Self.clean(merged)
        inner.log(event: cleaned)
    }

    static func clean(_ text: String) -> String {
        SafeText.line(text, maxBytes: maxValueBytes)
    }

    static func clean(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(clean(text))
        case .stringConvertible(let item): return .string(clean(item.description))
        case .array(let items): return .array(items.map(clean))
        case .dictionary(let items): return .dictionary(clean(items))
        }
    }

    /// Keys cleaned too (two keys that clean alike keep one value).
    static func clean(_ metadata: Logger.Metadata) -> Logger.Metadata {
        Dictionary(metadata.map { (clean($0.key), clean($0.value)) }, uniquingKeysWith: { first, _ in first })
    }
}
