import { Badge, Card, EmptyState } from "@saas/ui";
import { formatDate } from "../../../components/format";
import { BillingTable, Cell } from "./billing-table";
import type { Order } from "./billing-types";
import { formatMoney } from "./format-money";

const STATUSES: Record<Order["status"], { label: string; tone: "success" | "neutral" | "warning" }> = {
  pending: { label: "Pending", tone: "neutral" },
  paid: { label: "Paid", tone: "success" },
  failed: { label: "Failed", tone: "warning" },
  canceled: { label: "Canceled", tone: "neutral" },
  partially_refunded: { label: "Partly refunded", tone: "warning" },
  refunded: { label: "Refunded", tone: "warning" },
};

/** One-time purchases (credit packs), with what was refunded of each. */
export function OrdersCard({ orders }: { orders: Order[] }) {
  return (
    <Card title="Orders" description="One-time purchases, newest first. Subscription payments are under Invoices.">
      {orders.length === 0 ? (
        <EmptyState title="No orders yet">Credit packs you buy show up here.</EmptyState>
      ) : (
        <BillingTable caption="Orders, newest first" columns={[{ label: "Order" }, { label: "Amount", align: "right" }, { label: "Status", align: "right" }]}>
          {orders.map((order) => (
            <tr key={order.id}>
              <Cell>
                <ul className="text-zinc-900 dark:text-zinc-100">
                  {order.items.map((item, index) => (
                    <li key={index}>
                      {item.description}
                      {item.quantity > 1 ? ` × ${item.quantity.toLocaleString("en-US")}` : ""}
                    </li>
                  ))}
                </ul>
                <span className="text-zinc-600 dark:text-zinc-400">{formatDate(order.paidAt ?? order.createdAt)}</span>
              </Cell>
              <Cell align="right" className="tabular-nums">
                <span className="text-zinc-900 dark:text-zinc-100">{formatMoney(order.amountTotal, order.currency)}</span>
                {order.amountRefunded > 0 ? (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{formatMoney(order.amountRefunded, order.currency)} refunded</span>
                ) : null}
              </Cell>
              <Cell align="right">
                <Badge tone={STATUSES[order.status].tone}>{STATUSES[order.status].label}</Badge>
              </Cell>
            </tr>
          ))}
        </BillingTable>
      )}
    </Card>
  );
}
