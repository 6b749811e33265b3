import Foundation

/// Runs an external program (ffmpeg, ops scripts, a browser) and waits for exactly its pid on a dedicated thread.
///
/// Foundation's `Process.waitUntilExit` needs a free thread of the cooperative pool to learn that its child
/// exited, and a pipe read to EOF waits for every process that inherited the pipe: both can hang a process whose
/// two pool threads are busy waiting. This spawns with `posix_spawn`, sends the output to a file, and blocks only
/// a thread of its own in `waitpid`.
public enum ChildProcess {
    /// Runs `executable` with `arguments` (environment: `environment`, else this process's) and returns its exit
    /// status (128 + signal when killed); stdout and stderr go to `outputFile`, else `/dev/null`.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           outputFile: String? = nil) async throws -> Int32 {
        try await BlockingWork.run("child-process") {
            try runBlocking(executable, arguments, environment: environment, outputFile: outputFile)
        }
    }

    /// Runs like ``run(_:_:environment:outputFile:)`` for at most `timeLimit`. The child leads a process group of
    /// its own, and past the limit the whole group is killed (SIGKILL): a wrapper script's or a launcher's own
    /// children die with it instead of running on unowned.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           outputFile: String? = nil, timeLimit: Duration) async throws -> ChildTermination {
        try await BlockingWork.run("child-process") {
            try spawnAndWait(executable, arguments, environment: environment, outputFile: outputFile, timeLimit: timeLimit)
        }
    }

    /// Runs like ``run(_:_:environment:outputFile:)`` and returns the exit status and what it printed.
    public static func capture(_ executable: String, _ arguments: [String],
                               environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("dreamframe-child-\(getpid())-\(UUID().uuidString.prefix(8)).log").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let status = try await run(executable, arguments, environment: environment, outputFile: file)
        return (status, output(at: file))
    }

    /// What a child wrote to the file at `path` ("" when it wrote nothing or the file cannot be read; bytes that
    /// are not UTF-8 replaced), read through ``FileBytes``: Foundation's reading leaked a 4 KiB buffer for every empty
    /// file, and a child that succeeds usually writes nothing — heaptrack found one leak per ffmpeg run, so the QA
    /// validator grew by ~4 KiB a movie for as long as it ran.
    static func output(at path: String) -> String {
        String(decoding: FileBytes.read(path) ?? [], as: UTF8.self)
    }

    /// The blocking form: call it only from a thread of your own.
    public static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                   outputFile: String? = nil) throws -> Int32 {
        try spawnAndWait(executable, arguments, environment: environment, outputFile: outputFile, timeLimit: nil).status
    }

    /// Spawns the child (in a process group of its own when it has a time limit) and waits for it on this thread.
    private static func spawnAndWait(_ executable: String, _ arguments: [String], environment: [String: String]?,
                                     outputFile: String?, timeLimit: Duration?) throws -> ChildTermination {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeInheritedDescriptors(&actions)
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The child starts with every signal at its default and none blocked, whatever this process ignores (a
        // service group that handles SIGTERM ignores its default action, and children would inherit that).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if timeLimit != nil {
            posix_spawnattr_setpgroup(&attributes, 0)   // its own group, led by the child: killed as one
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw ChildProcessError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let child = pid
        let killed = KilledFlag()
        let watchdog = timeLimit.map { limit in
            let done = DispatchSemaphore(value: 0)
            Thread {
                let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
                guard done.wait(timeout: .now() + seconds) == .timedOut else { return }
                killed.set()
                kill(-child, SIGKILL)   // the group the child leads: it and everything it started
            }.start()
            return done
        }
        defer { watchdog?.signal() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ChildProcessError(description: "waitpid(\(pid)) failed: \(String(cString: strerror(errno)))") }
        }
        let signal = status & 0x7f
        if signal == SIGKILL, let timeLimit, killed.isSet { return .timedOut(limit: timeLimit) }
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

extension ChildProcess {
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time: Swift's Glibc module does
    /// not declare it.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), // RTLD_DEFAULT
                                                          "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// Closes every descriptor above stderr in the child. Sockets that SwiftNIO accepts, librabbitmq's and
    /// hiredis' connections are not close-on-exec: a child inheriting one keeps the connection open after this
    /// process closes it (a listener's closed client never saw its FIN while a RabbitMQ node started by the tests
    /// held a copy; a trainer would hold a worker's broker connection open past the worker's death).
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        guard let addCloseFrom else {
            throw ChildProcessError(description: "this C library has no posix_spawn_file_actions_addclosefrom_np "
                                    + "(glibc 2.34 or later is required, so children inherit no descriptors)")
        }
        let status = addCloseFrom(&actions, 3)
        guard status == 0 else {
            throw ChildProcessError(description: "posix_spawn_file_actions_addclosefrom_np: \(String(cString: strerror(status)))")
        }
    }
}

/// Set by a time limit's watchdog just before it kills the child, read once the child is reaped.
private final class KilledFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// A child process that could not be started or waited for.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
}
