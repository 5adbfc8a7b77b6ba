package io.l7mp.mcw.gateway.domain;

/**
 * Computes one gateway's route tables, one after the other, faster than {@link RouteTableBuilder#build} would each
 * time and always equal to it (ADR 0019): the services whose exports did not change since the last table are not
 * merged again, and their destinations are taken from the last table while the tunnel choices stay the same. The
 * table is still a function of the inputs alone; what the planner keeps only saves work. Not thread-safe: the control
 * loop owns it.
 */
public final class RouteTablePlanner {
    private ExportView exports = ExportView.EMPTY;
    private final DestinationMemo memo = DestinationMemo.remembering();

    /** The table of {@code inputs}: equal to {@code RouteTableBuilder.build(inputs)}. */
    public RouteTable plan(GatewayInputs inputs) {
        ExportView view = exports.next(inputs.exports());
        RouteTable table = RouteTableBuilder.build(inputs, view, memo);
        exports = view;
        return table;
    }
}
