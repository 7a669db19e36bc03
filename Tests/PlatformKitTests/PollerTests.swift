import PlatformKit
import SwitchboardTestSupport
import Testing

/// A clock that only its sleeps move: a poll on it takes no real time.
struct FakeClock {
    let time = Locked(0.0)
    let sleeps = Locked<[Double]>([])

    func poller(_ schedule: PollSchedule) -> Poller {
        Poller(
            schedule: schedule, now: { time.get },
            sleep: { [time, sleeps] seconds in
                sleeps.append(seconds)
                time.with { $0 += seconds }
            })
    }
}

@Suite struct PollerTests {
    @Test func waitsShortFirstThenBacksOffUpToTheCap() {
        let schedule = PollSchedule(first: 0.5, factor: 2, cap: 4, timeout: 600)
        #expect((1...7).map(schedule.interval(after:)) == [0.5, 1, 2, 4, 4, 4, 4])
        #expect(schedule.interval(after: 10_000) == 4)
        let fixed = PollSchedule(first: 2, factor: 1, cap: 30, timeout: 60)
        #expect((1...3).map(fixed.interval(after:)) == [2, 2, 2])
        #expect(PollSchedule.standard.first <= 1)
    }

    @Test func givesUpAtTheTimeoutWithoutWaitingPastIt() async throws {
        let clock = FakeClock()
        let poller = clock.poller(PollSchedule(first: 1, factor: 2, cap: 8, timeout: 30))
        let looks = Locked(0)
        let error = await #expect(throws: Poller.TimedOut.self) {
            _ = try await poller.poll({ looks.with { $0 += 1 } }, until: { _ in false })
        }
        // 1 + 2 + 4 + 8 + 8 = 23, and the last wait is cut to the 7 s left: one last look at exactly 30 s.
        #expect(clock.sleeps.get == [1, 2, 4, 8, 8, 7])
        #expect(clock.time.get == 30)
        #expect(looks.get == 7)
        #expect(error?.elapsed == 30)
        #expect(error?.looks == 7)
    }

    @Test func returnsTheFirstValueThatSatisfiesTheCondition() async throws {
        let clock = FakeClock()
        let poller = clock.poller(PollSchedule(first: 0.5, factor: 1.5, cap: 10, timeout: 60))
        let reads = Locked(0)
        let value = try await poller.poll(
            {
                reads.with {
                    $0 += 1
                    return $0
                }
            }, until: { $0 == 3 })
        #expect(value == 3)
        #expect(clock.sleeps.get == [0.5, 0.75])
    }

    @Test func aConditionSatisfiedAtOnceNeverWaits() async throws {
        let clock = FakeClock()
        let waits = Locked<[Poller.Wait]>([])
        let value = try await clock.poller(.standard).poll({ "ready" }, until: { _ in true }) { waits.append($0) }
        #expect(value == "ready")
        #expect(clock.sleeps.get.isEmpty)
        #expect(waits.get.isEmpty)
    }

    @Test func progressHearsOfEveryWaitOnceBeforeItBegins() async throws {
        let clock = FakeClock()
        let poller = clock.poller(PollSchedule(first: 1, factor: 2, cap: 3, timeout: 100))
        let waits = Locked<[Poller.Wait]>([])
        let reads = Locked(0)
        _ = try await poller.poll(
            {
                reads.with {
                    $0 += 1
                    return $0
                }
            }, until: { $0 == 4 }
        ) { waits.append($0) }
        #expect(waits.get.map(\.looks) == [1, 2, 3])
        #expect(waits.get.map(\.seconds) == [1, 2, 3])
        #expect(waits.get.map(\.elapsed) == [0, 1, 3])
    }

    @Test func whatTheConditionThrowsEndsThePoll() async throws {
        struct Refused: Error {}
        let clock = FakeClock()
        await #expect(throws: Refused.self) {
            _ = try await clock.poller(.standard).poll({ 1 }, until: { _ in throw Refused() })
        }
        #expect(clock.sleeps.get.isEmpty)
    }
}
