"""A renderer "host" of its own: a network namespace joined to this machine by a veth pair.

The host side of the pair carries `host_address` (the proxies listen there too); the namespace side carries
`guest_address` and lo. `cut()` sets the host side down — the guest loses carrier, as if its cable were pulled:
nothing is refused or reset, packets just vanish — and `restore()` brings it back.
"""
import subprocess


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


class RendererHost:
    def __init__(self, tag, subnet_octet):
        # Interface names hold at most 15 characters.
        self.namespace = f"dfchaos-{tag}"
        self.host_link = f"dfc{tag}h"[:15]
        self.guest_link = f"dfc{tag}g"[:15]
        self.host_address = f"10.231.{subnet_octet}.1"
        self.guest_address = f"10.231.{subnet_octet}.2"
        self.is_cut = False
        self.cuts = 0

    def create(self):
        self.destroy()
        _ip("netns", "add", self.namespace)
        _ip("link", "add", self.host_link, "type", "veth", "peer", "name", self.guest_link)
        _ip("link", "set", self.guest_link, "netns", self.namespace)
        _ip("addr", "add", f"{self.host_address}/24", "dev", self.host_link)
        _ip("link", "set", self.host_link, "up")
        self.exec_ip("addr", "add", f"{self.guest_address}/24", "dev", self.guest_link)
        self.exec_ip("link", "set", self.guest_link, "up")
        self.exec_ip("link", "set", "lo", "up")
        return self

    def exec_ip(self, *args):
        return _ip("netns", "exec", self.namespace, "ip", *args)

    def command(self, argv):
        """`argv` run inside the namespace (`ip netns exec` execs it in place: the pid is the program's)."""
        return ["ip", "netns", "exec", self.namespace, *argv]

    def cut(self):
        _ip("link", "set", self.host_link, "down")
        self.is_cut = True
        self.cuts += 1

    def restore(self):
        _ip("link", "set", self.host_link, "up")
        self.is_cut = False

    def destroy(self):
        """Removes the pair and the namespace (idempotent)."""
        _ip("link", "del", self.host_link, check=False)
        _ip("netns", "del", self.namespace, check=False)
