package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registered callbacks run in the context their registration promises, at the right time. */
class ContextsTest {

  private static final int IRQ = 9;

  private final List<String> trace = new ArrayList<>();

  @BeforeEach
  void boot() {
    Cpu.reset();
    trace.clear();
  }

  private String where() {
    String context =
        Cpu.in_nmi()
            ? "nmi"
            : Cpu.in_hardirq() ? "hardirq" : Cpu.in_serving_softirq() ? "softirq" : "process";
    assertEquals(context.equals("process"), Cpu.in_task(), "in_task() in " + context);
    return context
        + (Cpu.irqs_disabled() ? ", irqs off" : "")
        + (Cpu.preemptible() ? ", preemptible" : "");
  }

  @Test
  void threadedAndNoThreadHandlersRunInHardirqOnMainline() {
    Irq.request_threaded_irq(IRQ, irq -> trace.add("threaded irq " + irq + ": " + where()) ? 1 : 0);
    Irq.request_irq_nothread(IRQ + 1, irq -> trace.add("nothread irq " + irq + ": " + where()) ? 1 : 0);
    Irq.raise(IRQ);
    Irq.raise(IRQ + 1);
    assertEquals(List.of("threaded irq 9: hardirq, irqs off", "nothread irq 10: hardirq, irqs off"), trace);
    assertThrows(IllegalStateException.class, () -> Irq.request_irq(IRQ, irq -> 0));
    assertThrows(IllegalStateException.class, () -> Irq.request_irq_nothread(IRQ, irq -> 0));
    assertThrows(IllegalStateException.class, () -> Irq.request_threaded_irq(IRQ + 1, irq -> 0));
  }

  @Test
  void requestedLinesAndExpireAllRunEveryRegisteredCallback() {
    Irq.request_irq(IRQ + 2, irq -> trace.add("irq " + irq) ? 1 : 0);
    Irq.request_threaded_irq(IRQ, irq -> trace.add("irq " + irq) ? 1 : 0);
    assertEquals(List.of(IRQ, IRQ + 2), List.copyOf(Irq.requested()));
    Timer first = new Timer();
    Timer second = new Timer();
    Softirq.timer_setup(second, () -> trace.add("second: " + where()));
    Softirq.timer_setup(first, () -> trace.add("first: " + where()));
    Softirq.timer_setup(second, () -> trace.add("second again: " + where()));
    for (int irq : Irq.requested()) {
      Irq.raise(irq);
    }
    Timer.expireAll();
    assertEquals(List.of("irq 9", "irq 11", "second again: softirq", "first: softirq"), trace);

    Cpu.reset();
    trace.clear();
    assertEquals(List.of(), List.copyOf(Irq.requested()));
    Timer.expireAll();
    assertEquals(List.of(), trace, "reset forgets the timers set up");
    Softirq.timer_setup(first, () -> trace.add("first after reset"));
    Timer.expireAll();
    assertEquals(List.of("first after reset"), trace);
  }

  @Test
  void eachCallbackRunsInItsContext() {
    Timer timer = new Timer();
    Softirq.timer_setup(timer, () -> trace.add("timer: " + where()));
    Irq.request_irq(
        IRQ,
        irq -> {
          trace.add("irq " + irq + ": " + where());
          Softirq.tasklet_schedule(() -> trace.add("tasklet: " + where()));
          Softirq.napi_schedule(
              budget -> {
                trace.add("napi budget " + budget + ": " + where());
                return 0;
              });
          timer.expire();
          Workqueue.queue_work(() -> trace.add("work: " + where()));
          return Irq.IRQ_HANDLED;
        });
    Nmi.register_nmi_handler(
        () -> {
          trace.add("nmi: " + where());
          return Nmi.NMI_HANDLED;
        });

    Irq.raise(IRQ);
    Nmi.raise();
    Kthread.kthread_run(() -> trace.add("kthread: " + where()));

    assertEquals(
        List.of(
            "irq 9: hardirq, irqs off",
            "tasklet: softirq",
            "napi budget 64: softirq",
            "timer: softirq",
            "work: process, preemptible",
            "nmi: nmi, irqs off",
            "kthread: process, preemptible"),
        trace);
    assertEquals("process, preemptible", where());
  }

  @Test
  void softirqsRaisedInASoftirqRunAfterIt() {
    Softirq.tasklet_schedule(
        () -> {
          trace.add("first begins");
          Softirq.tasklet_schedule(() -> trace.add("second"));
          trace.add("first ends");
        });
    assertEquals(List.of("first begins", "first ends", "second"), trace);
  }

  @Test
  void aHardirqInterruptsASoftirqButItsSoftirqWaits() {
    Irq.request_irq(
        IRQ,
        irq -> {
          trace.add("hardirq");
          Softirq.tasklet_schedule(() -> trace.add("its softirq"));
          return Irq.IRQ_HANDLED;
        });
    Softirq.tasklet_schedule(
        () -> {
          trace.add("softirq begins");
          Irq.raise(IRQ);
          trace.add("softirq ends");
        });
    assertEquals(List.of("softirq begins", "hardirq", "softirq ends", "its softirq"), trace);
  }

  @Test
  void aSoftirqThatKeepsRaisingItselfGivesTheCpuBack() {
    int[] runs = {0};
    Runnable[] self = new Runnable[1];
    self[0] =
        () -> {
          runs[0]++;
          Softirq.tasklet_schedule(self[0]);
        };
    Softirq.tasklet_schedule(self[0]);
    assertEquals(CpuState.MAX_SOFTIRQ_RESTART, runs[0]);
    Cpu.reset();
  }

  @Test
  void workQueuedUnderPreemptDisableRunsAtPreemptEnable() {
    preempt_disable();
    Workqueue.queue_work(() -> trace.add("work"));
    trace.add("preempt_enable");
    preempt_enable();
    assertEquals(List.of("preempt_enable", "work"), trace);
  }

  @Test
  void workQueuedByWorkRunsAfterIt() {
    Workqueue.queue_work(
        () -> {
          trace.add("first begins");
          Workqueue.queue_work(() -> trace.add("second"));
          trace.add("first ends");
        });
    assertEquals(List.of("first begins", "first ends", "second"), trace);
  }

  @Test
  void workQueuedFromASoftirqUnderBhRunsWhenTheTaskIsPreemptibleAgain() {
    local_bh_disable();
    Softirq.tasklet_schedule(() -> Workqueue.queue_work(() -> trace.add("work")));
    trace.add("local_bh_enable");
    local_bh_enable();
    assertEquals(List.of("local_bh_enable", "work"), trace);
  }

  @Test
  void aTimerThatExpiresTwiceBeforeItRunsRunsOnce() {
    Timer timer = new Timer();
    Softirq.timer_setup(timer, () -> trace.add("timer"));
    local_bh_disable();
    timer.expire();
    timer.expire();
    local_bh_enable();
    timer.expire();
    assertEquals(List.of("timer", "timer"), trace);
    assertThrows(IllegalStateException.class, () -> new Timer().expire());
  }

  @Test
  void resetForgetsATimerThatWasPending() {
    Timer timer = new Timer();
    Softirq.timer_setup(timer, () -> trace.add("timer"));
    local_bh_disable();
    timer.expire();
    Cpu.reset();
    timer.expire();
    assertEquals(List.of("timer"), trace);
  }

  @Test
  void requestingAnIrqTwiceOrRaisingAnUnrequestedOneThrows() {
    Irq.request_irq(IRQ, irq -> Irq.IRQ_HANDLED);
    assertThrows(IllegalStateException.class, () -> Irq.request_irq(IRQ, irq -> Irq.IRQ_NONE));
    assertThrows(IllegalArgumentException.class, () -> Irq.raise(IRQ + 1));
  }

  @Test
  void interruptsAreRaisedOnTheCallersCpu() {
    Irq.request_irq(
        IRQ,
        irq -> {
          trace.add("irq on CPU " + Cpu.smp_processor_id());
          return Irq.IRQ_HANDLED;
        });
    Cpu.runOn(2, () -> Irq.raise(IRQ));
    Irq.raise(IRQ);
    assertEquals(List.of("irq on CPU 2", "irq on CPU 0"), trace);
  }

  @Test
  void aFailingSoftirqLeavesTheOthersPending() {
    local_bh_disable();
    Softirq.tasklet_schedule(
        () -> {
          throw new IllegalArgumentException("boom");
        });
    Softirq.tasklet_schedule(() -> trace.add("second"));
    assertThrows(IllegalArgumentException.class, Bh::local_bh_enable);
    assertTrue(trace.isEmpty());
    preempt_disable();
    preempt_enable(); // the next runtime call runs what is left
    assertEquals(List.of("second"), trace);
  }
}
