// placeholder; filled by test harness
