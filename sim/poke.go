// This file writes main memory directly, before a run starts: initial
// values of a script's globals, with no cache, counter, clock or event.

package sim

// Poke stores size bytes of v at addr in main memory (and as the last
// store in bus order), bypassing every cache. It is for setting up initial
// memory contents; during a run every store goes through a core.
func (m *Machine) Poke(addr uint64, size int, v uint64) error {
	if err := m.checkData(0, addr, size); err != nil {
		return err
	}
	m.mem.write(addr, size, v)
	m.truth.write(addr, size, v)
	return nil
}
