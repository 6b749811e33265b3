import Foundation

/// The bounds every message is held to at the door (``MessageCheck``), before it has any effect. Configurable per
/// stage process (`--max-prompt-bytes`, `--max-text-bytes`); the defaults fit every run the CLI submits and every
/// story a real model writes, with room to spare, while keeping what one message can make a worker allocate small.
///
/// **Ids** (run, movie, style) are at most ``maxIdBytes`` bytes of a safe alphabet: ASCII letters, digits, `.`, `_`
/// and `-`, starting with a letter, a digit or `_` — so no id is empty, `.`, `..`, hidden, absolute, a flag
/// (`-x`), or holds a `/`, a NUL or anything a shell, a path or a Redis key treats specially. A message id joins such
/// ids with `/` and must be exactly the id its content derives (``MessageId``). `<run>/<movie>` is at most
/// ``maxMovieRefBytes``, so every id derived from a movie (the longest is `<run>/<movie>/style/recheck-<n>`) stays
/// within ``maxIdBytes`` and far below AMQP's 255-byte `message_id`.
public struct MessageLimits: Sendable, Hashable {
    /// The largest message body read at all (1 MB).
    public var maxBodyBytes: Int
    /// The longest id: run, movie, style or message (200 bytes).
    public var maxIdBytes: Int
    /// The longest `<run>/<movie>` (160 bytes), so ids derived from a movie stay within ``maxIdBytes``.
    public var maxMovieRefBytes: Int
    /// Frame widths and heights a renderer accepts (16…4096 pixels).
    public var frameSizes: ClosedRange<Int>
    /// The longest render prompt (8 KB; the authors' longest keyframe description is 341 bytes).
    public var maxPromptBytes: Int
    /// The longest story text: a substory's or tinystory's content, a QA pair, a style description (16 KB).
    public var maxTextBytes: Int
    /// The longest short text: a title, genre, location, name, verb, style keyword (256 bytes).
    public var maxNameBytes: Int
    /// The most entries in a list: locations, characters, scene places (64).
    public var maxListCount: Int
    /// The most times a parked movie looks at its style again (one look a minute: 100,000 is over two months).
    public var maxRechecks: Int

    /// The defaults, or the given bounds (each at least 1).
    public init(maxBodyBytes: Int = 1_000_000, maxIdBytes: Int = 200, maxMovieRefBytes: Int = 160,
                frameSizes: ClosedRange<Int> = 16...4096, maxPromptBytes: Int = 8192, maxTextBytes: Int = 16_384,
                maxNameBytes: Int = 256, maxListCount: Int = 64, maxRechecks: Int = 100_000) {
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.maxIdBytes = max(1, maxIdBytes)
        self.maxMovieRefBytes = max(3, min(maxMovieRefBytes, self.maxIdBytes))
        self.frameSizes = frameSizes
        self.maxPromptBytes = max(1, maxPromptBytes)
        self.maxTextBytes = max(1, maxTextBytes)
        self.maxNameBytes = max(1, maxNameBytes)
        self.maxListCount = max(1, maxListCount)
        self.maxRechecks = max(1, maxRechecks)
    }
}
