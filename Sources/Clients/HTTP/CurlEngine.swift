import DreamFrameCore
import CCurl
import Foundation

/// The libcurl multi loop behind ``HTTPClient``: one dedicated thread owns the multi handle and every easy handle.
///
/// Other threads only touch `pending`, `cancelRequests`, the transfers' guarded fields and `isShutdown`, under
/// `lock`, and wake the loop with `curl_multi_wakeup` (also under `lock`, so it never races the cleanup).
final class CurlEngine: @unchecked Sendable {
    private let configuration: HTTPClient.Configuration
    private let lock = NSLock()

    /// The multi handle (nil if libcurl failed to initialise). Used by the engine thread; other threads only call
    /// `curl_multi_wakeup` on it, under `lock`, while `multiAlive` is true.
    private let multiHandle: UnsafeMutableRawPointer?

    // Guarded by lock.
    private var multiAlive = false
    private var pending: [CurlTransfer] = []
    private var cancelRequests: [CurlTransfer] = []
    private var isShutdown = false
    private var activeCount = 0

    // Engine thread only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
        multiHandle = CurlGlobal.ensureInitialized() ? curl_multi_init() : nil
        multiAlive = multiHandle != nil
    }

    func start() {
        guard multiHandle != nil else { return }
        let thread = Thread { [self] in run() }
        thread.name = "dreamframe.http"
        thread.start()
    }

    var inFlightCount: Int { lock.withLock { pending.count + activeCount } }

    // MARK: - Called from any thread

    func submit(_ transfer: CurlTransfer, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        enum Outcome { case queued, cancelled, shutdown }
        let outcome: Outcome = lock.withLock {
            if transfer.cancelled { return .cancelled }
            if isShutdown || !multiAlive { return .shutdown }
            transfer.continuation = continuation
            pending.append(transfer)
            wakeLocked()
            return .queued
        }
        switch outcome {
        case .queued: break
        case .cancelled: continuation.resume(throwing: CancellationError())
        case .shutdown: continuation.resume(throwing: HTTPClientError.shutdown)
        }
    }

    func cancel(_ transfer: CurlTransfer) {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            transfer.cancelled = true
            guard let continuation = transfer.continuation else { return nil }   // not submitted yet, or done
            if !transfer.started {
                pending.removeAll { $0 === transfer }
                transfer.continuation = nil
                return continuation
            }
            cancelRequests.append(transfer)
            wakeLocked()
            return nil
        }
        continuation?.resume(throwing: CancellationError())
    }

    func shutdown() {
        lock.withLock {
            isShutdown = true
            wakeLocked()
        }
    }

    private func wakeLocked() {
        if multiAlive, let multiHandle { curl_multi_wakeup(multiHandle) }
    }

    /// Resumes a transfer's continuation exactly once.
    private func finish(_ transfer: CurlTransfer, _ result: Result<HTTPResponse, any Error>) {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            defer { transfer.continuation = nil }
            return transfer.continuation
        }
        continuation?.resume(with: result)
    }

    // MARK: - Engine thread

    private func run() {
        guard let multi = multiHandle else { return }
        while true {
            let (stop, admitted, cancels) = lock.withLock { () -> (Bool, [CurlTransfer], [CurlTransfer]) in
                if isShutdown { return (true, [], []) }
                let room = max(0, configuration.maxConcurrent - active.count)
                let admitted = Array(pending.prefix(room))
                pending.removeFirst(admitted.count)
                for transfer in admitted { transfer.started = true }
                let cancels = cancelRequests
                cancelRequests.removeAll()
                activeCount = active.count + admitted.count
                return (false, admitted, cancels)
            }
            if stop { break }

            for transfer in cancels {
                guard let easy = transfer.easy, active[easy] != nil else { continue }
                remove(easy: easy, multi: multi)
                finish(transfer, .failure(CancellationError()))
            }
            for transfer in admitted { add(transfer, multi: multi) }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
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
                finish(transfer, result)
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        tearDown(multi: multi)
    }

    private func remove(easy: UnsafeMutableRawPointer, multi: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, easy)
        active[easy]?.releaseCurlResources()
        active[easy] = nil
        publishActiveCount()
    }

    /// Makes `inFlightCount` exact before a continuation is resumed.
    private func publishActiveCount() {
        let count = active.count
        lock.withLock { activeCount = count }
    }

    private func tearDown(multi: UnsafeMutableRawPointer) {
        let leftovers: [CurlTransfer] = lock.withLock {
            multiAlive = false
            defer { pending.removeAll(); cancelRequests.removeAll(); activeCount = 0 }
            return pending
        }
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.releaseCurlResources()
            finish(transfer, .failure(HTTPClientError.shutdown))
        }
        active.removeAll()
        for transfer in leftovers { finish(transfer, .failure(HTTPClientError.shutdown)) }
        curl_multi_cleanup(multi)
    }

    /// Configures an easy handle for the transfer and adds it to the multi handle, or fails the transfer.
    private func add(_ transfer: CurlTransfer, multi: UnsafeMutableRawPointer) {
        do {
            let easy = try CurlEasySetup.configure(transfer, configuration: configuration)
            let code = curl_multi_add_handle(multi, easy)
            guard code == CURLM_OK else {
                transfer.releaseCurlResources()
                throw HTTPClientError.invalidRequest(url: transfer.request.redactedURL,
                                                     message: String(cString: curl_multi_strerror(code)))
            }
            active[easy] = transfer
        } catch {
            transfer.releaseCurlResources()
            publishActiveCount()
            finish(transfer, .failure(error))
        }
    }
}
