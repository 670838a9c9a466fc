package com.example.app;

import com.example.driver.NicDriver;
import com.example.lib.RxStats;
import dev.ctxcheck.annotations.ProcessContext;

/** The system calls: bring the card up, and count in process context too. */
public final class Syscalls {
  @ProcessContext
  public static void sys_ifup() {
    NicDriver.probe();
  }

  @ProcessContext
  public static void sys_recv() {
    RxStats.count_rx();
  }
}
