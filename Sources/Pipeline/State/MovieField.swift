/// The fields of a movie's progress record (a Redis hash), as `status` and the stages read them.
public enum MovieField: String, Sendable, Hashable, CaseIterable {
    /// A ``MovieState`` raw value.
    case state
    case title
    case genre
    /// The style keyword.
    case style
    /// The style cache identity the movie renders with.
    case styleId = "style_id"
    case seed
    /// `a,b,c` substories, tinystories per substory, keyframes per tinystory.
    case branching
    case expectedTinystories = "expected_tinystories"
    case expectedFrames = "expected_frames"
    /// Frames in the assembled story.
    case frames
    case qaWritten = "qa_written"
    case qaKept = "qa_kept"
    case qaRejected = "qa_rejected"
    /// Unix time of submission.
    case submittedAt = "t_submitted"
    /// Unix time the plot was written.
    case plotWrittenAt = "t_plot-writer"
    /// Unix time the movie was validated.
    case doneAt = "t_done"
    /// Unix time of the movie's last progress: a unit marked, an expansion result committed, the state moved.
    case progressAt = "t_progress"
    /// Unix time `dreamframe repair` last republished messages for the movie.
    case repairedAt = "t_repaired"
    /// Repairs since the movie last made progress.
    case repairs
}
