// Each collection brings its own private servers and service processes (PrivateServersGroup, RabbitClusterGroup):
// side by side on this machine's two cores, they would starve each other and make every scenario's timings say
// nothing, so the suite runs them one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
