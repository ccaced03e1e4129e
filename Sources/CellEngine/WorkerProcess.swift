import Foundation

/// The long-lived child process that loads cell libraries and runs them. Keeping cells out of
/// the engine's process means a crash in a cell can never take the kernel down.
final class WorkerProcess {
    let pid: pid_t
    let channel: WorkerChannel

    /// Starts `executable` with the command channel on its fd 3 and the event channel on fd 4.
    init(executable: String, arguments: [String], environment: [String: String]) throws {
        var commandPipe: [Int32] = [0, 0], eventPipe: [Int32] = [0, 0]
        guard pipe(&commandPipe) == 0, pipe(&eventPipe) == 0 else {
            throw CellEngineError.workerFailure("cannot create pipes: errno \(errno)")
        }
        // Our ends must not leak into the child (or into later workers).
        _ = fcntl(commandPipe[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(eventPipe[0], F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, commandPipe[0], 3)
        posix_spawn_file_actions_adddup2(&actions, eventPipe[1], 4)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(commandPipe[0])
        close(eventPipe[1])
        guard status == 0 else {
            close(commandPipe[1])
            close(eventPipe[0])
            throw CellEngineError.workerFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        channel = WorkerChannel(readFD: eventPipe[0], writeFD: commandPipe[1])
    }

    /// Waits up to `timeout` seconds for an event; nil on timeout.
    func waitForEvent(timeout: Double) -> Bool {
        var descriptor = pollfd(fd: channel.readFD, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(timeout * 1000)) > 0
    }


    /// How the process ended if it is no longer running (reaping it), else nil.
    func exitedSinceLastCell() -> String? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return Self.describe(status)
    }

    private static func describe(_ status: Int32) -> String {
        let termination = status & 0x7f
        if termination == 0 { return "the worker process exited with status \((status >> 8) & 0xff)" }
        return "the worker process was killed by signal \(termination) (\(String(cString: strsignal(termination))))"
    }

    /// How the process ended, once it has; reaps it.
    func exitDescription() -> String {
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, WNOHANG)
        if reaped == 0 {
            usleep(100_000)
            reaped = waitpid(pid, &status, WNOHANG)
        }
        guard reaped == pid else { return "the worker process stopped answering" }
        return Self.describe(status)
    }

    func terminate() {
        close(channel.writeFD)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(channel.readFD)
    }
}
