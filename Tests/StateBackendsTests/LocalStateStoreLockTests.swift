import Foundation
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct LocalStateStoreLockTests {
    @Test func aHeldLockFailsASecondStoreNamingTheHolder() async throws {
        let dir = try TemporaryDirectory()
        let holder = try await Fixture.store(dir.statePath).lock(command: "apply manifests", timeout: 0)
        await #expect {
            _ = try await Fixture.store(dir.statePath).lock(command: "apply", timeout: 0)
        } throws: { error in
            guard case StateError.locked(let info) = error else { return false }
            let text = "\(error)"
            return info == holder && text.contains(holder.id) && text.contains("apply manifests")
                && text.contains("pid \(holder.pid)") && text.contains("\(holder.user)@\(holder.host)")
        }
        let current = try await Fixture.store(dir.statePath).currentLock()
        #expect(current == holder)
    }

    @Test func aWaitingStoreGetsTheLockOnceReleased() async throws {
        let dir = try TemporaryDirectory()
        let first = Fixture.store(dir.statePath)
        let held = try await first.lock(command: "apply", timeout: 0)
        let second = Fixture.store(dir.statePath)
        let waiter = Task { try await second.lock(command: "plan", timeout: 60) }
        try await Task.sleep(for: .milliseconds(200))
        try await first.unlock(held)
        let acquired = try await waiter.value
        #expect(acquired.id != held.id)
        #expect(acquired.command == "plan")
        #expect(try await first.currentLock() == acquired)
    }

    @Test func anExpiredLeaseIsTakenOverAndRecorded() async throws {
        let dir = try TemporaryDirectory()
        let old = try await Fixture.store(dir.statePath, at: Fixture.t0).lock(command: "apply", timeout: 0)
        let later = Fixture.store(dir.statePath, at: Fixture.t0.addingTimeInterval(61))
        let taken = try await later.lock(command: "apply again", timeout: 0)
        #expect(taken.id != old.id)
        let records = try await later.history()
        let takeover = try #require(records.last)
        #expect(takeover.event == .lockTakeover)
        #expect(takeover.message?.contains(old.id) == true)
        #expect(takeover.message?.contains("expired") == true)
        // The previous holder finds out when it renews.
        await #expect(throws: StateError.self) {
            try await Fixture.store(dir.statePath, at: Fixture.t0).renew(old)
        }
    }

    @Test func aLiveLeaseIsNotTakenOverBeforeItExpires() async throws {
        let dir = try TemporaryDirectory()
        let old = try await Fixture.store(dir.statePath, at: Fixture.t0).lock(command: "apply", timeout: 0)
        await #expect(throws: StateError.self) {
            _ = try await Fixture.store(dir.statePath, at: Fixture.t0.addingTimeInterval(59)).lock(
                command: "apply", timeout: 0)
        }
        #expect(try await Fixture.store(dir.statePath).currentLock() == old)
        #expect(try await Fixture.store(dir.statePath).history().isEmpty)
    }

    @Test func aLockOfADeadProcessOnThisHostIsTakenOverAtOnce() async throws {
        let dir = try TemporaryDirectory()
        let me = ProcessIdentity.current
        let ghost = ProcessIdentity(user: "alice", host: me.host, pid: try Fixture.deadPid())
        let old = try await Fixture.store(dir.statePath, identity: ghost).lock(command: "apply", timeout: 0)
        let store = Fixture.store(dir.statePath)
        let taken = try await store.lock(command: "apply", timeout: 0)
        #expect(taken.id != old.id)
        #expect(taken.pid == me.pid)
        let takeover = try #require(try await store.history().last)
        #expect(takeover.event == .lockTakeover)
        #expect(takeover.message?.contains("alice@\(me.host)") == true)
        #expect(takeover.message?.contains("no longer exists") == true)
    }

    @Test func aLockOfAProcessOnAnotherHostIsNotJudgedByPid() async throws {
        let dir = try TemporaryDirectory()
        let remote = ProcessIdentity(user: "bob", host: "ci-runner-7", pid: try Fixture.deadPid())
        let old = try await Fixture.store(dir.statePath, identity: remote).lock(command: "apply", timeout: 0)
        await #expect {
            _ = try await Fixture.store(dir.statePath).lock(command: "apply", timeout: 0)
        } throws: { error in
            guard case StateError.locked(let info) = error else { return false }
            return info.id == old.id && info.host == "ci-runner-7"
        }
    }

    @Test func renewExtendsTheLease() async throws {
        let dir = try TemporaryDirectory()
        let held = try await Fixture.store(dir.statePath, at: Fixture.t0).lock(command: "apply", timeout: 0)
        try await Fixture.store(dir.statePath, at: Fixture.t0.addingTimeInterval(50)).renew(held)
        let current = try #require(try await Fixture.store(dir.statePath).currentLock())
        #expect(current.id == held.id)
        #expect(current.acquiredAt == held.acquiredAt)
        #expect(StateTime.parse(current.expiresAt) == Fixture.t0.addingTimeInterval(110))
        // Past the original expiry, the renewed lease still holds.
        await #expect(throws: StateError.self) {
            _ = try await Fixture.store(dir.statePath, at: Fixture.t0.addingTimeInterval(100)).lock(
                command: "apply", timeout: 0)
        }
    }

    @Test func unlockLeavesSomeoneElsesLockAlone() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let held = try await store.lock(command: "apply", timeout: 0)
        var impostor = held
        impostor.id = "not-the-holder"
        await #expect(throws: StateError.self) { try await store.unlock(impostor) }
        #expect(try await store.currentLock() == held)
        try await store.unlock(held)
        #expect(try await store.currentLock() == nil)
        try await store.unlock(held)
    }

    @Test func forceUnlockNeedsTheRightIdAndIsRecorded() async throws {
        let dir = try TemporaryDirectory()
        let held = try await Fixture.store(dir.statePath).lock(command: "apply", timeout: 0)
        let operator_ = Fixture.store(dir.statePath)
        await #expect {
            try await operator_.forceUnlock(id: "wrong")
        } throws: { error in
            guard case StateError.noSuchLock(let id) = error else { return false }
            return id == "wrong"
        }
        #expect(try await operator_.currentLock() == held)
        try await operator_.forceUnlock(id: held.id)
        #expect(try await operator_.currentLock() == nil)
        let record = try #require(try await operator_.history().last)
        #expect(record.event == .unlock)
        #expect(record.message?.contains(held.id) == true)
        _ = try await operator_.lock(command: "apply", timeout: 0)
    }

    @Test func withStateLockRenewsAndReleases() async throws {
        let dir = try TemporaryDirectory()
        // A lease long enough that a busy machine cannot make a renewal late, short enough to see renewals.
        let store = Fixture.store(dir.statePath, lease: 3)
        let renewals = try await withStateLock(store: store, command: "apply", timeout: 0) { lease in
            #expect(abs(lease.renewInterval - 1) < 0.01)
            #expect(try await store.currentLock()?.id == lease.info.id)
            // Wait past a full lease: without renewals another store could take over.
            for _ in 0..<200 where await lease.renewalCount < 4 {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await lease.check()
            await #expect(throws: StateError.self) {
                _ = try await Fixture.store(dir.statePath).lock(command: "other", timeout: 0)
            }
            return await lease.renewalCount
        }
        #expect(renewals >= 4)
        #expect(try await store.currentLock() == nil)
    }

    @Test func withStateLockReleasesWhenTheBodyThrows() async throws {
        struct Boom: Error {}
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        await #expect(throws: Boom.self) {
            try await withStateLock(store: store, command: "apply", timeout: 0) { _ in throw Boom() }
        }
        #expect(try await store.currentLock() == nil)
    }

    @Test func withStateLockReportsALostLease() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        await #expect(throws: StateError.self) {
            try await withStateLock(store: store, command: "apply", timeout: 0, renewEvery: 0.05) { lease in
                try await Fixture.store(dir.statePath).forceUnlock(id: lease.info.id)
                for _ in 0..<200 where await !lease.isLost {
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await lease.check()
            }
        }
    }
}

@Suite struct LocalStateStoreLockEdgeTests {
    @Test func unlockingInAFreshProjectCreatesNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        await #expect {
            try await store.forceUnlock(id: "abc")
        } throws: { error in
            guard case StateError.noSuchLock(let id) = error else { return false }
            return id == "abc"
        }
        #expect(try await store.currentLock() == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/.switchboard"))
    }

    @Test func anUnreadableLockFileIsReplacedAndRecorded() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        try FileManager.default.createDirectory(atPath: dir.path + "/.switchboard", withIntermediateDirectories: true)
        try Data("{\"id\": ".utf8).write(to: URL(fileURLWithPath: store.lockPath))
        await #expect(throws: StateError.self) { _ = try await store.currentLock() }
        let held = try await store.lock(command: "apply", timeout: 0)
        #expect(try await store.currentLock() == held)
        #expect(try await store.history().last?.event == .lockTakeover)
    }
}
