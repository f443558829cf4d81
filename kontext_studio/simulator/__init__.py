"""A KIE-compatible HTTP server on 127.0.0.1 for demo mode, tests and benchmarks.

It speaks KIE's contract (kie-api.md): envelopes with HTTP-200 errors, successFlag, uploads,
credits, download-url, the rate limit; and it can inject latency and faults::

    with Simulator(SimulatorConfig(latency_s=(0.05, 0.2))) as sim:
        ...  # point the KIE client's API *and* upload base URL at sim.base_url
        sim.update(faults=Faults(drop=0.2), maintenance=False)  # change it while it runs
        assert sim.generate_count("a prompt") == 1
"""

from kontext_studio.simulator.config import API_ENDPOINTS, Faults, SimulatorConfig
from kontext_studio.simulator.server import Simulator
from kontext_studio.simulator.state import RequestRecord, TaskInfo

__all__ = ["API_ENDPOINTS", "Faults", "RequestRecord", "Simulator", "SimulatorConfig", "TaskInfo"]
