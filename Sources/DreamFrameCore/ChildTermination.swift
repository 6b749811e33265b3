/// How a child process run with a time limit ended (``ChildProcess/run(_:_:environment:outputFile:timeLimit:)``).
public enum ChildTermination: Sendable, Hashable, CustomStringConvertible {
    /// It exited by itself with this status.
    case exited(Int32)
    /// A signal ended it (not ours: the limit had not passed).
    case signalled(Int32)
    /// It ran past the limit, and its whole process group was killed (SIGKILL).
    case timedOut(limit: Duration)

    /// The status as a shell reports it: the exit status, or 128 + the signal (137 for a child killed at its limit).
    public var status: Int32 {
        switch self {
        case .exited(let status): return status
        case .signalled(let signal): return 128 + signal
        case .timedOut: return 128 + 9
        }
    }

    /// `exited with status 1`, `was ended by signal 15`, `ran longer than its limit of 2.0 seconds and was killed`.
    public var description: String {
        switch self {
        case .exited(let status): return "exited with status \(status)"
        case .signalled(let signal): return "was ended by signal \(signal)"
        case .timedOut(let limit): return "ran longer than its limit of \(limit) and was killed with every process it started"
        }
    }
}
