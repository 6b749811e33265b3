import DreamFrameCore
import CCurl
import Foundation

/// The libcurl multi loop behind ``HTTPClient``: one ``ConnectionThread`` owns the multi handle and every easy handle.
///
/// Callers submit `.start` and `.cancel` commands; the thread admits up to `maxConcurrent` transfers in FIFO order,
/// drives them with `curl_multi_perform` and sleeps in `curl_multi_poll`, which the mailbox wakes with
/// `curl_multi_wakeup` on every command. Continuations and flags live in ``CurlCompletions``; everything else
/// belongs to the thread.
final class CurlEngine: @unchecked Sendable {
    enum Command {
        case start(CurlTransfer)
        case cancel(CurlTransfer)
    }

    private let configuration: HTTPClient.Configuration
    private let thread: ConnectionThread<Command>
    private let completions: CurlCompletions

    // Engine thread only.
    private var waiting: [CurlTransfer] = []
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
        let completions = CurlCompletions()
        self.completions = completions
        thread = ConnectionThread(name: "dreamframe.http") { command, _ in
            if case .start(let transfer) = command { completions.finish(transfer, .failure(HTTPClientError.shutdown)) }
        }
    }

    /// Starts the transfer thread unless it runs (or ran) already.
    func start() {
        thread.start { [self] in run() }
    }

    /// Starts the thread if needed and returns once it has exited.
    func runUntilStopped() async {
        await thread.run { [self] in run() }
    }

    /// Transfers queued or running right now.
    var inFlightCount: Int { completions.count }

    // MARK: - Called from any thread

    func submit(_ transfer: CurlTransfer, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        guard completions.register(transfer, continuation) else {
            continuation.resume(throwing: CancellationError())
            return
        }
        start()
        thread.submit(.start(transfer))
    }

    func cancel(_ transfer: CurlTransfer) {
        if !completions.cancel(transfer) { thread.submit(.cancel(transfer)) }
    }

    /// Stops the thread; running and queued transfers fail with ``HTTPClientError/shutdown``.
    func shutdown() {
        thread.requestStop()
    }

    // MARK: - Engine thread

    private func run() {
        guard CurlGlobal.ensureInitialized(), let multi = curl_multi_init() else { return }
        thread.setWaker { curl_multi_wakeup(multi) }
        while !thread.isStopRequested {
            for command in thread.take(waitingUntil: .distantPast) {
                switch command {
                case .start(let transfer): waiting.append(transfer)
                case .cancel(let transfer): abort(transfer, multi: multi)
                }
            }
            admit(multi: multi)
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished(multi: multi)
            // A slot just freed goes to the next waiting transfer now: its command was taken already, so nothing
            // would wake the poll for it — it would wait for another socket event, command or the 1 s timeout.
            if active.count < configuration.maxConcurrent, !waiting.isEmpty { continue }
            curl_multi_poll(multi, nil, 0, Int32(clamping: configuration.idlePoll.curlMilliseconds), nil)
        }
        thread.setWaker(nil)
        tearDown(multi: multi)
    }

    /// Adds waiting transfers to the multi handle while there is room, skipping those cancelled meanwhile.
    private func admit(multi: UnsafeMutableRawPointer) {
        while active.count < configuration.maxConcurrent, !waiting.isEmpty {
            let transfer = waiting.removeFirst()
            if completions.admit(transfer) { add(transfer, multi: multi) }
        }
    }

    /// Completes every transfer libcurl reports done.
    private func collectFinished(multi: UnsafeMutableRawPointer) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active[easy] else { continue }
            let code = message.pointee.data.result
            var status = 0
            df_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            let result: Result<HTTPResponse, any Error> = code == CURLE_OK
                ? .success(transfer.makeResponse(status: status))
                : .failure(transfer.makeError(code: code))
            remove(easy: easy, multi: multi)
            completions.finish(transfer, result)
        }
    }

    /// Cuts a running transfer whose task was cancelled.
    private func abort(_ transfer: CurlTransfer, multi: UnsafeMutableRawPointer) {
        guard let easy = transfer.easy, active[easy] != nil else { return }
        remove(easy: easy, multi: multi)
        completions.finish(transfer, .failure(CancellationError()))
    }

    private func remove(easy: UnsafeMutableRawPointer, multi: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, easy)
        active[easy]?.releaseCurlResources()
        active[easy] = nil
    }

    private func tearDown(multi: UnsafeMutableRawPointer) {
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.releaseCurlResources()
            completions.finish(transfer, .failure(HTTPClientError.shutdown))
        }
        active.removeAll()
        for transfer in waiting { completions.finish(transfer, .failure(HTTPClientError.shutdown)) }
        waiting.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Configures an easy handle for the transfer and adds it to the multi handle, or fails the transfer.
    private func add(_ transfer: CurlTransfer, multi: UnsafeMutableRawPointer) {
        do {
            let easy = try CurlEasySetup.configure(transfer, configuration: configuration)
            let code = curl_multi_add_handle(multi, easy)
            guard code == CURLM_OK else {
                throw HTTPClientError.invalidRequest(url: transfer.request.redactedURL,
                                                     message: String(cString: curl_multi_strerror(code)))
            }
            active[easy] = transfer
        } catch {
            transfer.releaseCurlResources()
            completions.finish(transfer, .failure(error))
        }
    }
}
