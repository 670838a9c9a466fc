package vdispatch;

/** include/linux/netdevice.h: struct net_device_ops, the callbacks a driver provides. */
interface NetDeviceOps {
  /** Called by the stack's watchdog when a transmit queue has been stopped for too long. */
  void ndo_tx_timeout(int txqueue);
}
